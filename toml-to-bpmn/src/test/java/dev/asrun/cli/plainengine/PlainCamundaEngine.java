package dev.asrun.cli.plainengine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.camunda.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider;
import org.h2.jdbcx.JdbcDataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * Camunda 7 as it comes: the Spring Boot starter with the REST API at {@code /engine-rest}, an
 * in-memory H2 database, optionally HTTP Basic authentication, and nothing else. Its package holds
 * nothing but this class, so nothing of the project is scanned into it.
 */
@SpringBootApplication
public class PlainCamundaEngine {

  private static final String BASIC_AUTH = "plain-engine.basic-auth";

  /** A user that may log in to the engine. */
  public record User(String id, String password) {}

  @Bean
  DataSource dataSource(@Value("${plain-engine.database}") String database) {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL("jdbc:h2:mem:" + database + ";DB_CLOSE_DELAY=-1");
    dataSource.setUser("sa");
    return dataSource;
  }

  @Bean
  @ConditionalOnProperty(name = BASIC_AUTH, havingValue = "true")
  FilterRegistrationBean<ProcessEngineAuthenticationFilter> basicAuthentication() {
    FilterRegistrationBean<ProcessEngineAuthenticationFilter> registration =
        new FilterRegistrationBean<>(new ProcessEngineAuthenticationFilter());
    registration.setName("camunda-basic-auth");
    registration.addInitParameter(
        ProcessEngineAuthenticationFilter.AUTHENTICATION_PROVIDER_PARAM,
        HttpBasicAuthenticationProvider.class.getName());
    registration.addUrlPatterns("/engine-rest/*");
    return registration;
  }

  /**
   * Starts an engine named {@code engineName} on a free port of the loopback interface.
   *
   * @param user when present, the REST API demands HTTP Basic authentication and this user
   *     exists (as the engine's admin)
   */
  public static Running start(String engineName, Optional<User> user) {
    // slf4j-simple, on the test class path for the compiler's tests, stands in for Logback
    System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
    String database = engineName + "_" + UUID.randomUUID().toString().replace("-", "");
    SpringApplicationBuilder application =
        new SpringApplicationBuilder(PlainCamundaEngine.class)
            .properties(
                "server.port=0",
                "server.address=127.0.0.1",
                "spring.main.banner-mode=off",
                "plain-engine.database=" + database,
                BASIC_AUTH + "=" + user.isPresent(),
                "camunda.bpm.process-engine-name=" + engineName,
                "camunda.bpm.auto-deployment-enabled=false",
                "camunda.bpm.job-execution.enabled=false",
                "camunda.bpm.database.schema-update=true",
                // a failed login would otherwise lock the user for seconds, failing the next test
                "camunda.bpm.generic-properties.properties.login-delay-base=0");
    user.ifPresent(
        u ->
            application.properties(
                "camunda.bpm.admin-user.id=" + u.id(),
                "camunda.bpm.admin-user.password=" + u.password()));
    ConfigurableApplicationContext context = application.run();
    int port = ((WebServerApplicationContext) context).getWebServer().getPort();
    String restUrl = "http://127.0.0.1:" + port + "/engine-rest/engine/" + engineName;
    return new Running(context, restUrl, user);
  }

  /** A started engine: its REST API's base URL, a client for it, and how to stop it. */
  public static final class Running implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    private final String restUrl;
    private final Optional<User> user;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    private Running(ConfigurableApplicationContext context, String restUrl, Optional<User> user) {
      this.context = context;
      this.restUrl = restUrl;
      this.user = user;
    }

    /** The REST API's base URL: {@code http://127.0.0.1:PORT/engine-rest/engine/NAME}. */
    public String restUrl() {
      return restUrl;
    }

    /** {@code GET} of a REST resource below {@link #restUrl()}, as the engine's user when any. */
    public JsonNode get(String relative) throws IOException, InterruptedException {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(restUrl + "/" + relative))
              .header("Accept", "application/json");
      user.ifPresent(
          u ->
              request.header(
                  "Authorization",
                  "Basic "
                      + Base64.getEncoder()
                          .encodeToString(
                              (u.id() + ":" + u.password()).getBytes(StandardCharsets.UTF_8))));
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IOException("GET " + relative + ": HTTP " + response.statusCode());
      }
      return json.readTree(response.body());
    }

    @Override
    public void close() throws SQLException {
      DataSource dataSource = context.getBean(DataSource.class);
      context.close();
      try (Connection connection = dataSource.getConnection();
          Statement statement = connection.createStatement()) {
        statement.execute("SHUTDOWN");
      }
    }
  }
}
