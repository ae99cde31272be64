package dev.asrun.compat.starter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asrun.compat.AsRunChecks;
import dev.asrun.compat.LineCheck;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;

/**
 * The starter added to a bare Camunda Spring Boot app ({@link BareCamundaApp}): the app starts as
 * it did without it (Spring Boot's Flyway, on the classpath with the plugin, left off; no filter on
 * the app's own paths, its engine REST API as open as before), and a run deployed with the compiler
 * and worked through the engine is recorded, verified, served by {@code /asrun/api/v1} to the
 * engine's users and drawn by the Cockpit plugin in a browser. The only settings are the app's: its
 * database and its admin user.
 */
@SpringBootTest(
    classes = BareCamundaApp.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.datasource.url=jdbc:h2:mem:compat-starter;DB_CLOSE_DELAY=-1",
      "camunda.bpm.admin-user.id=demo",
      "camunda.bpm.admin-user.password=demo"
    })
class StarterBareAppTest {

  @Autowired private FormService formService;
  @Autowired private RuntimeService runtimeService;
  @Autowired private TaskService taskService;
  @Autowired private IdentityService identityService;
  @Autowired private Environment environment;
  @Autowired private ApplicationContext context;
  @LocalServerPort private int port;

  @Test
  void theStarterAloneRecordsServesAndDrawsARunOfABareCamundaApp() throws Exception {
    URI base = URI.create("http://localhost:" + port);
    assertThat(environment.getProperty("spring.flyway.enabled"))
        .as("Spring Boot's Flyway left off in an app without Flyway of its own")
        .isEqualTo("false");

    assertThat(pluginFilterPatterns())
        .as("the plugin's servlet filters, on its own API only")
        .isNotEmpty()
        .containsOnly("/asrun/api/*");
    assertThat(
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(base.resolve("/engine-rest/engine")).build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode())
        .as("the app's engine REST API as open as the app left it")
        .isEqualTo(200);

    LineCheck.deploy(base);
    String processInstanceId = workLineCheckAsDemo();

    AsRunChecks checks = new AsRunChecks(base);
    String runId = checks.completedRun(processInstanceId);
    checks.logVerifies();
    checks.reportIsPdf(runId);
    checks.cockpitDrawsRun(runId, "starter");
    checks.refusesCallersWithoutLogin();
  }

  /** The URL patterns of every servlet filter the plugin registers. */
  private List<String> pluginFilterPatterns() {
    return context.getBeansOfType(FilterRegistrationBean.class).values().stream()
        .filter(
            registration ->
                registration.getFilter().getClass().getName().startsWith("dev.asrun.")
                    || String.valueOf(registration.getFilterName()).startsWith("asrun-"))
        .flatMap(registration -> registration.getUrlPatterns().stream())
        .map(String.class::cast)
        .toList();
  }

  /** Starts the procedure and does each step, as demo, through the engine's services. */
  private String workLineCheckAsDemo() {
    identityService.setAuthentication("demo", List.of(Groups.CAMUNDA_ADMIN));
    try {
      String processInstanceId =
          runtimeService.startProcessInstanceByKey(LineCheck.ID).getProcessInstanceId();
      for (String step : LineCheck.STEPS) {
        Task task =
            taskService
                .createTaskQuery()
                .processInstanceId(processInstanceId)
                .taskDefinitionKey(step)
                .singleResult();
        assertThat(task).as("the open task of %s", step).isNotNull();
        formService.submitTaskForm(task.getId(), Map.of("asrun_outcome", "done"));
      }
      return processInstanceId;
    } finally {
      identityService.clearAuthentication();
    }
  }
}
