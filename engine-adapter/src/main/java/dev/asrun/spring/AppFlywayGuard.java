package dev.asrun.spring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.logging.Log;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Keeps Spring Boot's own Flyway auto-configuration off in an app that does not use Flyway itself.
 *
 * <p>The as-run record migrates its tables with Flyway (its own history, {@code
 * asrun_schema_history}), so Flyway comes onto the app's classpath with the plugin. Spring Boot
 * then runs its Flyway on the app's data source and, finding Camunda's tables but no history table
 * of the app's, stops the app ("Found non-empty schema(s) ... but no schema history table"). An app
 * that does not use Flyway would not have run it before the plugin came: this adds {@code
 * spring.flyway.enabled=false} as the app's last property source, the lowest precedence, unless the
 * app uses Flyway itself, that is, it sets any {@code spring.flyway.*} property (in {@code
 * application.yaml}, as an argument, an environment variable, ...) or has a migration under {@code
 * classpath:db/migration}, Spring Boot's default location. A setting of the app always wins: {@code
 * spring.flyway.enabled=true} brings Spring Boot's Flyway back. It does so with {@code
 * asrun.enabled=false} too, since Flyway is on the classpath all the same.
 */
public class AppFlywayGuard implements EnvironmentPostProcessor, Ordered {

  /** The name of the property source this adds. */
  static final String PROPERTY_SOURCE = "asrun-app-flyway-off";

  /** Spring Boot's default location of an app's migrations. */
  static final String DEFAULT_LOCATION = "db/migration";

  private final Log log;

  public AppFlywayGuard(DeferredLogFactory logs) {
    this.log = logs.getLog(AppFlywayGuard.class);
  }

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    if (appConfiguresFlyway(environment) || hasMigrations(application.getClassLoader())) {
      return;
    }
    environment
        .getPropertySources()
        .addLast(new MapPropertySource(PROPERTY_SOURCE, Map.of("spring.flyway.enabled", "false")));
    log.info(
        "As-run: Spring Boot's Flyway auto-configuration is off (spring.flyway.enabled=false): the"
            + " app has no spring.flyway.* setting and no migration in classpath:"
            + DEFAULT_LOCATION
            + "; the as-run tables migrate with their own Flyway history");
  }

  /** Whether any {@code spring.flyway.*} property is set, in any of Spring's relaxed forms. */
  static boolean appConfiguresFlyway(ConfigurableEnvironment environment) {
    return Binder.get(environment)
        .bind("spring.flyway", Bindable.mapOf(String.class, Object.class))
        .isBound();
  }

  /** Whether {@code classpath*:db/migration} holds a file: the app's own migrations. */
  static boolean hasMigrations(ClassLoader classLoader) {
    try {
      Resource[] resources =
          new PathMatchingResourcePatternResolver(classLoader)
              .getResources("classpath*:" + DEFAULT_LOCATION + "/**/*");
      return Stream.of(resources).anyMatch(AppFlywayGuard::isFile);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list classpath*:" + DEFAULT_LOCATION, e);
    }
  }

  private static boolean isFile(Resource resource) {
    try {
      if (resource.isFile()) {
        Path path = resource.getFile().toPath();
        return Files.isRegularFile(path);
      }
    } catch (IOException notInTheFileSystem) {
      // a jar entry: its name tells
    }
    String name = resource.getFilename();
    return resource.isReadable() && name != null && !name.isEmpty() && !name.endsWith("/");
  }

  /** After the app's configuration files are read, so that its settings are seen. */
  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }
}
