/** Spring Boot auto-configuration of the as-run record ({@code asrun.enabled}, default true). */
package dev.asrun.spring;
