package dev.asrun.capture;

import java.util.Optional;
import org.camunda.bpm.engine.impl.core.variable.CoreVariableInstance;
import org.camunda.bpm.engine.impl.core.variable.scope.AbstractVariableScope;
import org.camunda.bpm.engine.impl.db.entitymanager.cache.CachedDbEntity;
import org.camunda.bpm.engine.impl.db.entitymanager.cache.DbEntityState;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.VariableInstanceEntity;
import org.camunda.bpm.engine.variable.value.TypedValue;

/**
 * The variables written by the running command, as opposed to the ones that merely exist. A step's
 * form writes its fields into the process instance, where they stay: reading a field's current
 * value when a later step completes would report an earlier step's entry (or the outcome an earlier
 * step was given) for a step that was completed without it. So a completion records only what was
 * written in its own command: a variable created in it, updated in it (every update counts, even
 * to the same value; Camunda counts each one), or transient.
 *
 * <p>Read from the command's entity cache: a variable created in the command is not yet in the
 * database, an updated one differs from the copy the cache took when it was loaded.
 */
final class WrittenVariables {

  private final CommandContext commandContext;

  WrittenVariables(CommandContext commandContext) {
    this.commandContext = commandContext;
  }

  /** The value of {@code name} as seen from {@code scope}, if the running command wrote it. */
  Optional<TypedValue> value(AbstractVariableScope scope, String name) {
    CoreVariableInstance instance = scope.getVariableInstance(name);
    if (!(instance instanceof VariableInstanceEntity variable)) {
      return Optional.empty();
    }
    return written(variable) ? Optional.of(variable.getTypedValue(false)) : Optional.empty();
  }

  private boolean written(VariableInstanceEntity variable) {
    if (variable.isTransient()) {
      return true;
    }
    CachedDbEntity cached =
        commandContext.getDbEntityManager().getDbEntityCache().getCachedEntity(variable);
    if (cached == null) {
      return false;
    }
    DbEntityState state = cached.getEntityState();
    return state == DbEntityState.TRANSIENT
        || ((state == DbEntityState.PERSISTENT || state == DbEntityState.MERGED)
            && cached.isDirty());
  }
}
