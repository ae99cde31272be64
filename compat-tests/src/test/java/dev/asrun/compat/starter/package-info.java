/** A bare Camunda Spring Boot app with the starter, and its test. */
package dev.asrun.compat.starter;
