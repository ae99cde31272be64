package dev.asrun.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogs;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.DefaultResourceLoader;

/**
 * Spring Boot's Flyway stays off where only the plugin brought Flyway, and as the app has it where
 * the app uses Flyway itself.
 */
class AppFlywayGuardTest {

  @TempDir Path classpath;

  @Test
  void turnsSpringBootsFlywayOffInAnAppWithoutFlywayOfItsOwn() throws IOException {
    StandardEnvironment environment = guarded(Map.of("spring.datasource.url", "jdbc:h2:mem:x"));

    assertThat(environment.getProperty("spring.flyway.enabled")).isEqualTo("false");
    assertThat(environment.getPropertySources().get(AppFlywayGuard.PROPERTY_SOURCE))
        .as("the lowest precedence")
        .isSameAs(environment.getPropertySources().stream().reduce((a, b) -> b).orElseThrow());
  }

  @Test
  void leavesFlywayAloneWhenTheAppSetsAnySpringFlywaySetting() throws IOException {
    StandardEnvironment environment =
        guarded(Map.of("spring.flyway.locations", "classpath:db/app"));

    assertThat(environment.getProperty("spring.flyway.enabled")).isNull();
    assertThat(environment.getPropertySources().contains(AppFlywayGuard.PROPERTY_SOURCE)).isFalse();
  }

  @Test
  void leavesFlywayAloneWhenTheAppSetsItAsAnEnvironmentVariable() throws IOException {
    StandardEnvironment environment = new StandardEnvironment();
    environment
        .getPropertySources()
        .replace(
            StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
            new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                Map.of("SPRING_FLYWAY_BASELINE_ON_MIGRATE", "true")));
    guard(environment);

    assertThat(environment.getPropertySources().contains(AppFlywayGuard.PROPERTY_SOURCE)).isFalse();
  }

  @Test
  void leavesFlywayAloneWhenTheAppHasMigrationsInTheDefaultLocation() throws IOException {
    Path migrations = Files.createDirectories(classpath.resolve("db/migration"));
    Files.writeString(migrations.resolve("V1__orders.sql"), "create table orders (id int);");

    StandardEnvironment environment = guarded(Map.of());

    assertThat(environment.getProperty("spring.flyway.enabled")).isNull();
  }

  @Test
  void anEmptyDefaultLocationIsNoMigrationOfTheApps() throws IOException {
    Files.createDirectories(classpath.resolve("db/migration/empty"));

    assertThat(guarded(Map.of()).getProperty("spring.flyway.enabled")).isEqualTo("false");
  }

  @Test
  void theAppsOwnSettingWinsOverTheGuardsDefault() throws IOException {
    StandardEnvironment environment = guarded(Map.of());
    environment
        .getPropertySources()
        .addFirst(new MapPropertySource("app", Map.of("spring.flyway.enabled", "true")));

    assertThat(environment.getProperty("spring.flyway.enabled")).isEqualTo("true");
  }

  /** An environment with {@code properties} after the guard ran, the temp folder as classpath. */
  private StandardEnvironment guarded(Map<String, Object> properties) throws IOException {
    StandardEnvironment environment = new StandardEnvironment();
    environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
    guard(environment);
    return environment;
  }

  /** Runs the guard on {@code environment} in an app whose classpath is the temp folder alone. */
  private void guard(StandardEnvironment environment) throws IOException {
    try (URLClassLoader loader = new URLClassLoader(new URL[] {classpath.toUri().toURL()}, null)) {
      SpringApplication application = new SpringApplication();
      application.setResourceLoader(new DefaultResourceLoader(loader));
      new AppFlywayGuard(new DeferredLogs()).postProcessEnvironment(environment, application);
    }
  }
}
