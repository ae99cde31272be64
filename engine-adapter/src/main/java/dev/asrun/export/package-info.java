/**
 * Exports of a procedure's runs with their traces, streamed: JSON Lines, CSV (RFC 4180) and XES
 * (IEEE 1849) for process-mining tools.
 */
package dev.asrun.export;
