/**
 * The as-run record's REST read API ({@code /asrun/api/v1}): runs, one run's record and audit
 * trail, and the log's verification, as snake_case JSON limited to what the caller may read.
 */
package dev.asrun.rest;
