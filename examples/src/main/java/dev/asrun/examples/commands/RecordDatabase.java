package dev.asrun.examples.commands;

import java.util.List;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The app's database and nothing else: a Spring context with only the data source, configured as
 * the app is ({@code application.yaml}, {@code --spring.profiles.active}, {@code --spring.*}
 * arguments), so a command reaches the same database the app uses without building the engine,
 * deploying procedures or serving anything. Not a component: the app's own scan leaves it alone.
 */
@ImportAutoConfiguration(DataSourceAutoConfiguration.class)
final class RecordDatabase {

  /** The property that names the database, for messages. */
  static final String URL_PROPERTY = "spring.datasource.url";

  private RecordDatabase() {}

  /** Starts the context; the caller closes it, which closes the data source. */
  static ConfigurableApplicationContext open(List<String> springArguments) {
    return new SpringApplicationBuilder(RecordDatabase.class)
        .web(WebApplicationType.NONE)
        .bannerMode(Banner.Mode.OFF)
        .logStartupInfo(false)
        .registerShutdownHook(false)
        // the command's report is the output: the app's logging only for warnings and errors,
        // and a failed start is reported by the command in one line, not by Spring Boot
        .properties(
            "logging.level.root=warn",
            "logging.level.org.springframework.boot.SpringApplication=off")
        .run(springArguments.toArray(String[]::new));
  }
}
