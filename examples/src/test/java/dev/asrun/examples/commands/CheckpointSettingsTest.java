package dev.asrun.examples.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asrun.spring.AsRunAutoConfiguration;
import dev.asrun.spring.CheckpointSchedule;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code asrun.checkpoints.*}: both the folder and the key, or neither; half stops the app. */
class CheckpointSettingsTest {

  private final ApplicationContextRunner context =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(AsRunAutoConfiguration.class));

  @Test
  void takesNoCheckpointsWhenNeitherFolderNorKeyIsSet() {
    context.run(
        started -> {
          assertThat(started).hasNotFailed();
          assertThat(started).doesNotHaveBean(CheckpointSchedule.class);
        });
  }

  @Test
  void refusesToStartWithAFolderButNoKey() {
    context
        .withPropertyValues("asrun.checkpoints.directory=/var/lib/asrun/checkpoints")
        .run(
            started ->
                assertThat(started)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("asrun.checkpoints: set both directory")
                    .hasMessageContaining("directory is '/var/lib/asrun/checkpoints'")
                    .hasMessageContaining("key-file is not set"));
  }

  @Test
  void refusesToStartWithAKeyButNoFolder() {
    context
        .withPropertyValues("asrun.checkpoints.key-file=/etc/asrun/checkpoint.key")
        .run(
            started ->
                assertThat(started)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("directory is not set")
                    .hasMessageContaining("key-file is '/etc/asrun/checkpoint.key'"));
  }
}
