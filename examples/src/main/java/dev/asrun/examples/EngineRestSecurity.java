package dev.asrun.examples;

import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.camunda.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Puts the engine REST API behind HTTP Basic authentication against the engine's own users, so
 * every call runs as a known user and the engine's authorization checks apply to it. The as-run API
 * ({@code /asrun/api/v1}) gets the same from the plugin itself ({@code
 * asrun.rest.authentication=basic}, the default).
 */
@Configuration(proxyBeanMethods = false)
class EngineRestSecurity {

  static final String ENGINE_REST_PATTERN = "/engine-rest/*";

  @Bean
  FilterRegistrationBean<ProcessEngineAuthenticationFilter> engineRestAuthenticationFilter() {
    FilterRegistrationBean<ProcessEngineAuthenticationFilter> registration =
        new FilterRegistrationBean<>(new ProcessEngineAuthenticationFilter());
    registration.setName("engine-rest-authentication");
    registration.addUrlPatterns(ENGINE_REST_PATTERN);
    registration.addInitParameter(
        ProcessEngineAuthenticationFilter.AUTHENTICATION_PROVIDER_PARAM,
        HttpBasicAuthenticationProvider.class.getName());
    return registration;
  }
}
