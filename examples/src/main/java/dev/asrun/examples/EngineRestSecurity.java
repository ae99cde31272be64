package dev.asrun.examples;

import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.camunda.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Puts the engine REST API and the as-run API ({@code /asrun/api/v1}) behind HTTP Basic
 * authentication against the engine's own users, so every call runs as a known user and the
 * engine's authorization checks apply to it.
 */
@Configuration(proxyBeanMethods = false)
class EngineRestSecurity {

  static final String ENGINE_REST_PATTERN = "/engine-rest/*";
  static final String AS_RUN_API_PATTERN = "/asrun/api/*";

  @Bean
  FilterRegistrationBean<ProcessEngineAuthenticationFilter> engineRestAuthenticationFilter() {
    return httpBasic("engine-rest-authentication", ENGINE_REST_PATTERN);
  }

  @Bean
  FilterRegistrationBean<ProcessEngineAuthenticationFilter> asRunApiAuthenticationFilter() {
    return httpBasic("asrun-api-authentication", AS_RUN_API_PATTERN);
  }

  private static FilterRegistrationBean<ProcessEngineAuthenticationFilter> httpBasic(
      String name, String urlPattern) {
    FilterRegistrationBean<ProcessEngineAuthenticationFilter> registration =
        new FilterRegistrationBean<>(new ProcessEngineAuthenticationFilter());
    registration.setName(name);
    registration.addUrlPatterns(urlPattern);
    registration.addInitParameter(
        ProcessEngineAuthenticationFilter.AUTHENTICATION_PROVIDER_PARAM,
        HttpBasicAuthenticationProvider.class.getName());
    return registration;
  }
}
