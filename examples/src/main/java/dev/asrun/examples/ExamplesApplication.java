package dev.asrun.examples;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The example app: a Camunda 7 engine with its REST API, Cockpit and Tasklist, serving the built-in
 * procedure catalog and the one in {@code --asrun.procedures-dir}.
 */
@SpringBootApplication
public class ExamplesApplication {

  public static void main(String[] args) {
    SpringApplication.run(ExamplesApplication.class, args);
  }
}
