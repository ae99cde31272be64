package dev.asrun.rest;

import dev.asrun.query.AsRunQueries;
import dev.asrun.spring.AsRunProperties;
import java.time.Duration;
import javax.sql.DataSource;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.camunda.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Adds the as-run REST read API ({@code /asrun/api/v1}, see {@link AsRunRestController}) to a
 * Spring MVC app that has a Camunda engine. It reads the engine's own data source, where the as-run
 * plugin keeps the record. {@code asrun.enabled=false} or {@code asrun.rest.enabled=false} leaves
 * it out.
 *
 * <p>Its callers are the engine's users: by default ({@code asrun.rest.authentication=basic}) it
 * puts Camunda's {@code ProcessEngineAuthenticationFilter} with HTTP Basic on {@code /asrun/api/*}
 * (on nothing else: the app's other paths stay as the app secures them). With {@code none} the app
 * authenticates them itself. A request that reaches the API without an authenticated engine user is
 * answered 401.
 */
@AutoConfiguration(afterName = "org.camunda.bpm.spring.boot.starter.CamundaBpmAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(
    name = {
      "org.camunda.bpm.engine.ProcessEngine",
      "org.springframework.web.servlet.DispatcherServlet"
    })
@ConditionalOnBean(type = "org.camunda.bpm.engine.ProcessEngine")
@ConditionalOnProperty(
    prefix = "asrun",
    name = "enabled",
    havingValue = "true",
    matchIfMissing = true)
@ConditionalOnProperty(
    prefix = "asrun.rest",
    name = "enabled",
    havingValue = "true",
    matchIfMissing = true)
@EnableConfigurationProperties(AsRunProperties.class)
public class AsRunRestAutoConfiguration {

  @Bean
  AsRunRestController asRunRestController(ProcessEngine processEngine) {
    ProcessEngineConfigurationImpl configuration =
        (ProcessEngineConfigurationImpl) processEngine.getProcessEngineConfiguration();
    return new AsRunRestController(processEngine, configuration.getDataSource());
  }

  /**
   * HTTP Basic against the engine's users on {@code /asrun/api/*}, as Camunda's engine REST API
   * does it; ordered after every filter with an order of its own (e.g. Spring Security's chain) and
   * before the API's others.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = HttpBasic.FILTER)
  @ConditionalOnProperty(
      prefix = "asrun.rest",
      name = "authentication",
      havingValue = "basic",
      matchIfMissing = true)
  static class HttpBasic {

    static final String FILTER =
        "org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter";

    @Bean
    FilterRegistrationBean<ProcessEngineAuthenticationFilter> asRunApiAuthenticationFilter() {
      FilterRegistrationBean<ProcessEngineAuthenticationFilter> registration =
          new FilterRegistrationBean<>(new ProcessEngineAuthenticationFilter());
      registration.setName("asrun-api-authentication");
      registration.addUrlPatterns("/asrun/api/*");
      registration.addInitParameter(
          ProcessEngineAuthenticationFilter.AUTHENTICATION_PROVIDER_PARAM,
          HttpBasicAuthenticationProvider.class.getName());
      registration.setOrder(Ordered.LOWEST_PRECEDENCE - 1);
      return registration;
    }
  }

  /** JSON only on every write of the API: see {@link JsonOnlyFilter}. */
  @Bean
  FilterRegistrationBean<JsonOnlyFilter> asRunJsonOnlyFilter() {
    FilterRegistrationBean<JsonOnlyFilter> registration =
        new FilterRegistrationBean<>(new JsonOnlyFilter());
    registration.setName("asrun-api-json-only");
    registration.addUrlPatterns("/asrun/api/*");
    return registration;
  }

  /** Request bodies up to {@code asrun.limits.request-body}: see {@link RequestBodyLimitFilter}. */
  @Bean
  FilterRegistrationBean<RequestBodyLimitFilter> asRunRequestBodyLimitFilter(
      AsRunProperties properties) {
    FilterRegistrationBean<RequestBodyLimitFilter> registration =
        new FilterRegistrationBean<>(
            new RequestBodyLimitFilter(properties.getLimits().getRequestBody()));
    registration.setName("asrun-api-request-body-limit");
    registration.addUrlPatterns("/asrun/api/*");
    return registration;
  }

  @Bean
  ApiErrors asRunApiErrors() {
    return new ApiErrors();
  }

  @Bean
  UnknownPaths asRunUnknownPaths() {
    return new UnknownPaths();
  }

  @Bean
  AnalyticsController asRunAnalyticsController(ProcessEngine processEngine) {
    return new AnalyticsController(processEngine, AsRunQueries.of(dataSource(processEngine)));
  }

  @Bean
  TrendController asRunTrendController(ProcessEngine processEngine) {
    return new TrendController(processEngine, AsRunQueries.of(dataSource(processEngine)));
  }

  @Bean
  RedlinesController asRunRedlinesController(ProcessEngine processEngine) {
    return new RedlinesController(processEngine, dataSource(processEngine));
  }

  @Bean
  ComplianceController asRunComplianceController(ProcessEngine processEngine) {
    return new ComplianceController(processEngine, AsRunQueries.of(dataSource(processEngine)));
  }

  @Bean
  ExportController asRunExportController(ProcessEngine processEngine, AsRunProperties properties) {
    Duration exportTime = properties.getLimits().getExportTime();
    if (exportTime == null || exportTime.isNegative() || exportTime.isZero()) {
      throw new IllegalStateException(
          "asrun.limits.export-time must be a positive duration (e.g. 5m), not " + exportTime);
    }
    DataSource dataSource = dataSource(processEngine);
    return new ExportController(processEngine, dataSource, AsRunQueries.of(dataSource), exportTime);
  }

  @Bean
  ObservationController observationController(ProcessEngine processEngine) {
    return new ObservationController(processEngine, dataSource(processEngine));
  }

  @Bean
  RunFeedbackController runFeedbackController(ProcessEngine processEngine) {
    return new RunFeedbackController(processEngine);
  }

  @Bean
  SignatureController signatureController(ProcessEngine processEngine) {
    return new SignatureController(processEngine);
  }

  /**
   * The write bodies of the API in the app's OpenAPI document, where the app serves one with
   * springdoc: see {@link AsRunOpenApi}.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springdoc.core.customizers.OpenApiCustomizer")
  static class OpenApiDocument {

    @Bean
    AsRunOpenApi asRunOpenApiWriteBodies() {
      return new AsRunOpenApi();
    }
  }

  private static DataSource dataSource(ProcessEngine processEngine) {
    return ((ProcessEngineConfigurationImpl) processEngine.getProcessEngineConfiguration())
        .getDataSource();
  }
}
