/**
 * A plain Camunda 7 engine with its REST API and none of this project's code, started on a free
 * port by the deploy command's tests.
 */
package dev.asrun.cli.plainengine;
