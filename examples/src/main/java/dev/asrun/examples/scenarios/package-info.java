/**
 * The scenario driver: works runs of the built-in procedures through Tasklist's API and
 * observations, clean and with every kind of deviation, so the app has history to show.
 */
package dev.asrun.examples.scenarios;
