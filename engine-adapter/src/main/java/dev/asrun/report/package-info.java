/** The as-run report: one run's record as a PDF/A-3b document with the record attached. */
package dev.asrun.report;
