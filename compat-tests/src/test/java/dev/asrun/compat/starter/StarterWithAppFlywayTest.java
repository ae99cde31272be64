package dev.asrun.compat.starter;

import static org.assertj.core.api.Assertions.assertThat;

import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The starter in a Camunda Spring Boot app that uses Flyway itself ({@code spring.flyway.*} set,
 * its migration in {@code db/app-migration}): Spring Boot's Flyway runs as it did without the
 * plugin and migrates the app's schema with its own history, beside the as-run tables and theirs.
 * Camunda builds its engine, and so its tables, before Spring Boot's Flyway runs, with the plugin
 * or without it: such an app baselines its history ({@code baseline-on-migrate}, version 0).
 */
@SpringBootTest(
    classes = BareCamundaApp.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.datasource.url=jdbc:h2:mem:compat-app-flyway;DB_CLOSE_DELAY=-1",
      "spring.flyway.locations=classpath:db/app-migration",
      "spring.flyway.baseline-on-migrate=true",
      "spring.flyway.baseline-version=0"
    })
class StarterWithAppFlywayTest {

  @Autowired private DataSource dataSource;
  @Autowired private ConfigurableEnvironment environment;

  @Test
  void springBootsFlywayMigratesTheAppsSchemaBesideTheAsRunTables() {
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    assertThat(environment.getPropertySources().contains("asrun-app-flyway-off")).isFalse();
    assertThat(
            jdbc.queryForList(
                "select \"version\" from \"flyway_schema_history\" where \"type\" = 'SQL'"
                    + " and \"success\"",
                String.class))
        .as("the app's own Flyway history")
        .containsExactly("1");
    assertThat(jdbc.queryForObject("select count(*) from app_orders", Integer.class)).isZero();
    assertThat(
            jdbc.queryForObject(
                "select count(*) from asrun_schema_history where \"success\"", Integer.class))
        .as("the as-run tables' own history")
        .isPositive();
    assertThat(jdbc.queryForObject("select count(*) from ACT_GE_PROPERTY", Integer.class))
        .as("Camunda's tables")
        .isPositive();
  }
}
