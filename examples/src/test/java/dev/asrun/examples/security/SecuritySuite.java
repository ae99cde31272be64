package dev.asrun.examples.security;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The example app every test of the security suite runs against: one application context (one
 * in-memory H2 database) shared by the suite's classes, over HTTP on a random port, without the
 * scenario driver, so that nothing but the test itself changes the record. Only the suite's classes
 * (which run one after another) use it: Camunda's REST API and webapps find the engine named {@code
 * default} in a JVM-wide registry that the latest app started takes over, so a cached app is not
 * to be reused after another app started.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.datasource.url=jdbc:h2:mem:asrun-security;DB_CLOSE_DELAY=-1",
      "asrun.examples.scenarios.runs=0"
    })
public @interface SecuritySuite {}
