package dev.asrun.examples.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asrun.AsRunPlugin;
import dev.asrun.spring.AsRunAutoConfiguration;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code asrun.confirmation.*} and {@code asrun.signatures.*}: the Tasklist tasks the plugin opens,
 * set from an app's properties (Camunda Run's drop-in has no other way); a setting that cannot work
 * stops the app and names itself.
 */
class PromptSettingsTest {

  private final ApplicationContextRunner context =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(AsRunAutoConfiguration.class));

  @Test
  void leftUnsetThePluginKeepsItsDefaults() {
    context.run(
        started -> {
          AsRunPlugin plugin = started.getBean(AsRunPlugin.class);
          assertThat(plugin.isConfirmationPrompts()).isTrue();
          assertThat(plugin.getConfirmationCandidateGroup()).isEqualTo("operators");
          assertThat(plugin.getConfirmationExpireAfter()).isEqualTo(Duration.ofDays(30));
          assertThat(plugin.isSignatureTasks()).isTrue();
          assertThat(plugin.getSignatureRunPage())
              .isEqualTo(new AsRunPlugin().getSignatureRunPage());
        });
  }

  @Test
  void passesEverySettingToThePlugin() {
    context
        .withPropertyValues(
            "asrun.confirmation.enabled=false",
            "asrun.confirmation.candidate-group=shift-leads",
            "asrun.confirmation.expire-after=12h",
            "asrun.signatures.tasks=false",
            "asrun.signatures.run-page=https://cockpit.example/runs/{run_id}")
        .run(
            started -> {
              AsRunPlugin plugin = started.getBean(AsRunPlugin.class);
              assertThat(plugin.isConfirmationPrompts()).isFalse();
              assertThat(plugin.getConfirmationCandidateGroup()).isEqualTo("shift-leads");
              assertThat(plugin.getConfirmationExpireAfter()).isEqualTo(Duration.ofHours(12));
              assertThat(plugin.isSignatureTasks()).isFalse();
              assertThat(plugin.getSignatureRunPage())
                  .isEqualTo("https://cockpit.example/runs/{run_id}");
            });
  }

  @Test
  void refusesToStartWithAnExpiryThatIsNotPositive() {
    context
        .withPropertyValues("asrun.confirmation.expire-after=0s")
        .run(
            started ->
                assertThat(started)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("asrun.confirmation.expire-after must be a positive")
                    .hasMessageContaining("got PT0S"));
  }

  @Test
  void refusesToStartWithABlankCandidateGroup() {
    context
        .withPropertyValues("asrun.confirmation.candidate-group= ")
        .run(
            started ->
                assertThat(started)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("asrun.confirmation.candidate-group must not be blank"));
  }
}
