package dev.asrun.examples;

import dev.asrun.examples.commands.RecordCommands;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The example app: a Camunda 7 engine with its REST API, Cockpit and Tasklist, serving the built-in
 * procedure catalog and the one in {@code --asrun.procedures-dir}. A first argument that names a
 * command ({@code verify}, {@code rebuild-index}, {@code scenarios}, {@code help}) runs that
 * command on the app's database instead, and exits with its exit code.
 */
@SpringBootApplication
public class ExamplesApplication {

  public static void main(String[] args) {
    if (RecordCommands.isCommand(args)) {
      System.exit(RecordCommands.execute(args));
    }
    SpringApplication.run(ExamplesApplication.class, args);
  }
}
