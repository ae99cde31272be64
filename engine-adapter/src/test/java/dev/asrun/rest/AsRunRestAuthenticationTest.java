package dev.asrun.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.camunda.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationContext;

/**
 * {@code asrun.rest.authentication}: HTTP Basic on the API's paths, and only there, by default;
 * nothing with {@code none}; a value that is neither stops the app, naming the setting.
 */
class AsRunRestAuthenticationTest {

  private static ProcessEngine engine;

  private final WebApplicationContextRunner app =
      new WebApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(AsRunRestAutoConfiguration.class))
          .withBean(ProcessEngine.class, () -> engine);

  @BeforeAll
  static void buildEngine() {
    engine =
        ProcessEngineConfiguration.createStandaloneInMemProcessEngineConfiguration()
            .setProcessEngineName("asrun-rest-authentication")
            .setJdbcUrl("jdbc:h2:mem:asrun-rest-authentication;DB_CLOSE_DELAY=-1")
            .buildProcessEngine();
  }

  @AfterAll
  static void closeEngine() {
    engine.close();
  }

  @Test
  void putsCamundasHttpBasicFilterOnTheApiAndNowhereElseByDefault() {
    app.run(
        context -> {
          assertThat(context).hasNotFailed();
          FilterRegistrationBean<?> authentication =
              context.getBean("asRunApiAuthenticationFilter", FilterRegistrationBean.class);
          assertThat(authentication.getFilter())
              .isInstanceOf(ProcessEngineAuthenticationFilter.class);
          assertThat(authentication.getInitParameters())
              .containsEntry(
                  ProcessEngineAuthenticationFilter.AUTHENTICATION_PROVIDER_PARAM,
                  HttpBasicAuthenticationProvider.class.getName());
          assertThat(patternsByFilter(context))
              .containsOnlyKeys(
                  "asrun-api-authentication", "asrun-api-json-only", "asrun-api-request-body-limit")
              .allSatisfy((name, patterns) -> assertThat(patterns).isEqualTo("/asrun/api/*"));
          assertThat(authentication.getOrder())
              .as("before the API's other filters")
              .isLessThan(
                  context.getBean("asRunJsonOnlyFilter", FilterRegistrationBean.class).getOrder());
        });
  }

  @Test
  void leavesAuthenticationToTheAppWithNone() {
    app.withPropertyValues("asrun.rest.authentication=none")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(patternsByFilter(context))
                  .containsOnlyKeys("asrun-api-json-only", "asrun-api-request-body-limit");
            });
  }

  @Test
  void aValueNeitherBasicNorNoneStopsTheAppNamingTheSetting() {
    app.withPropertyValues("asrun.rest.authentication=digest")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("digest")
                    .hasMessageContaining("Authentication"));
  }

  private static Map<String, String> patternsByFilter(ApplicationContext context) {
    return context.getBeansOfType(FilterRegistrationBean.class).values().stream()
        .collect(
            Collectors.toMap(
                FilterRegistrationBean::getFilterName,
                registration -> String.join(",", registration.getUrlPatterns())));
  }
}
