/**
 * The {@code toml-to-bpmn} command-line tool: validates, compiles and deploys procedure catalogs
 * to any Camunda 7 engine through its standard REST API.
 */
package dev.asrun.cli;
