/**
 * A Camunda-Run-like app: Camunda's engine, webapps and REST API on Spring Boot, started by
 * PropertiesLauncher with plugins on its loader path, as Camunda Run starts.
 */
package dev.asrun.compat.run;
