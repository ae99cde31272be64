package dev.asrun.compat.run;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Stands in for Camunda Run, whose distribution cannot be downloaded here: Camunda's webapp and
 * REST starters with H2 in a jar laid out as Run's {@code camunda-bpm-run-core.jar}, configured by
 * a {@code default.yml} as Run is, and nothing of the as-run project. Plugins come from the folders
 * of {@code -Dloader.path}, as Run reads {@code configuration/userlib}.
 */
@SpringBootApplication
public class CamundaRunLike {

  public static void main(String[] args) {
    SpringApplication.run(CamundaRunLike.class, args);
  }
}
