/**
 * Reading the as-run record: runs, their steps and events, and the seed's analytics and compliance
 * queries (section 8).
 */
package dev.asrun.query;
