/** The as-run record for Camunda 7; {@link dev.asrun.AsRunPlugin} installs it into an engine. */
package dev.asrun;
