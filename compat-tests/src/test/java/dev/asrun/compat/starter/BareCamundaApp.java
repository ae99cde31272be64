package dev.asrun.compat.starter;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Camunda 7 Spring Boot app with nothing of its own: Camunda's webapp and REST starters, Spring
 * Boot's JDBC starter, H2, and {@code dev.asrun:asrun-spring-boot-starter} on its classpath.
 */
@SpringBootApplication
class BareCamundaApp {}
