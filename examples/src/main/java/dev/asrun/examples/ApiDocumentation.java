package dev.asrun.examples;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI 3 document of the as-run API, served by springdoc at {@code /v3/api-docs} from the
 * controllers themselves: its title, HTTP Basic (as the plugin sets up, {@code
 * asrun.rest.authentication}), and on every operation the problem documents ({@code
 * application/problem+json}, RFC 9457) it answers with for bad input, a missing login and something
 * not found or not readable.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {

  static final String PROBLEM = "Problem";
  static final String BASIC = "basic";

  @Bean
  OpenAPI asRunOpenApi() {
    ObjectSchema problem = new ObjectSchema();
    problem.setDescription("RFC 9457 problem document; detail names the bad field or parameter");
    problem.setProperties(
        Map.of(
            "type", new StringSchema(),
            "title", new StringSchema(),
            "status", new IntegerSchema(),
            "detail", new StringSchema()));
    return new OpenAPI()
        .info(
            new Info()
                .title("As-run record API")
                .version("v1")
                .description(
                    "What really happened in every run of a procedure: runs, audit trails,"
                        + " analytics, compliance queries, exports and the log itself. JSON in"
                        + " snake_case, times ISO-8601 UTC, errors application/problem+json."))
        .components(
            new Components()
                .addSchemas(PROBLEM, problem)
                .addSecuritySchemes(
                    BASIC, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")))
        .addSecurityItem(new SecurityRequirement().addList(BASIC));
  }

  @Bean
  OpenApiCustomizer asRunProblemResponses() {
    return openApi ->
        openApi
            .getPaths()
            .forEach(
                (name, path) -> {
                  path.readOperations()
                      .forEach(
                          operation -> {
                            problem(
                                operation, "400", "a parameter or field is bad; detail names it");
                            problem(operation, "401", "no valid login");
                            problem(operation, "404", "not found, or not yours to read");
                          });
                  if (path.getPost() != null) {
                    problem(
                        path.getPost(), "413", "the body is larger than asrun.limits.request-body");
                    problem(path.getPost(), "415", "the body is not JSON");
                  }
                  if (name.endsWith("/corrections") || name.endsWith("/confirmation")) {
                    problem(
                        path.getPost(),
                        "403",
                        "neither the run's executor nor holding UPDATE_HISTORY on its procedure");
                  }
                  if (name.endsWith("/confirmation")) {
                    problem(path.getPost(), "409", "the run is confirmed already");
                  }
                  if (name.endsWith("/signatures") && path.getPost() != null) {
                    problem(
                        path.getPost(),
                        "401",
                        "no valid login, or the re-entered password is wrong or the account locked"
                            + " (signature_refused is recorded; type signature-password)");
                    problem(
                        path.getPost(),
                        "403",
                        "the policy keeps the meaning to groups the user is in none of"
                            + " (signature-group)");
                    problem(
                        path.getPost(),
                        "409",
                        "a rule of signing, named by the type: signature-run-ended,"
                            + " signature-order, signature-executor-cannot-review,"
                            + " signature-performer-signs-performed,"
                            + " signature-one-signature-per-person");
                  }
                  if (name.equals("/asrun/api/v1/observations")
                      || name.equals("/asrun/api/v1/events")) {
                    Operation operation = name.endsWith("/events") ? path.getGet() : path.getPost();
                    problem(
                        operation,
                        "503",
                        "busy: the server retried a conflict (or waited for appenders in flight) in"
                            + " vain; nothing was recorded; retry after the Retry-After header's"
                            + " seconds");
                  }
                  if (name.endsWith("/runs.{format}")) {
                    problem(
                        path.getGet(),
                        "503",
                        "the export took longer than asrun.limits.export-time; narrow it");
                  }
                });
  }

  private static void problem(Operation operation, String status, String description) {
    ApiResponse response =
        new ApiResponse()
            .description(description)
            .content(
                new Content()
                    .addMediaType(
                        "application/problem+json",
                        new MediaType()
                            .schema(new ObjectSchema().$ref("#/components/schemas/" + PROBLEM))));
    operation.getResponses().putIfAbsent(status, response);
  }
}
