package dev.asrun.examples;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a bad procedure catalog as Spring Boot's "APPLICATION FAILED TO START" text, one
 * diagnostic per line, instead of a stack trace.
 */
class ProcedureCatalogFailureAnalyzer extends AbstractFailureAnalyzer<ProcedureCatalogException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, ProcedureCatalogException cause) {
    return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
  }
}
