package dev.tenantmemory.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantmemory.examples.DemoResult.Answer;
import dev.tenantmemory.examples.DemoResult.Hit;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs the whole demo once against the real database (the testkit's server) and the real embedding
 * model, and checks what it claims to show.
 */
class DemoTest {
  private static DemoResult result;
  private static String output;

  @BeforeAll
  static void runDemo() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      result = Demo.run(out);
    }
    output = bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void everyTenantStoredAllItsNotes() {
    for (DemoNotes.Tenant tenant : DemoNotes.TENANTS) {
      assertThat(result.noteIds().get(tenant.userId())).hasSize(tenant.notes().size());
    }
    assertThat(result.rawRows())
        .isEqualTo(DemoNotes.TENANTS.stream().mapToInt(t -> t.notes().size()).sum());
  }

  @Test
  void eachQuestionIsAnsweredFromTheAskersOwnNotesWithTheRightNoteFirst() {
    assertThat(result.answers())
        .hasSize(DemoNotes.TENANTS.stream().mapToInt(t -> t.questions().size()).sum());
    for (Answer a : result.answers()) {
      List<UUID> own = result.noteIds().get(a.tenant());
      assertThat(a.hits()).as(a.question()).hasSize(3);
      assertThat(own).as("top hit for %s", a.question()).contains(a.hits().get(0).id());
      assertThat(a.hits()).extracting(Hit::owner).as(a.question()).containsOnly(a.tenant());
      assertThat(a.hits().get(0).id()).as(a.question()).isEqualTo(a.expectedNoteId());
      assertThat(a.hits())
          .extracting(Hit::distance)
          .as(a.question())
          .isSortedAccordingTo(Double::compare);
    }
  }

  @Test
  void aQuestionAboutAnotherTenantsTopicReturnsOnlyTheAskersNotes() {
    Answer cross = result.crossTenant();
    assertThat(cross.tenant()).isEqualTo(DemoNotes.BOB.userId());
    assertThat(cross.hits()).hasSize(3);
    assertThat(cross.hits()).extracting(Hit::owner).containsOnly(DemoNotes.BOB.userId());
    assertThat(cross.hits())
        .extracting(Hit::id)
        .doesNotContainAnyElementsOf(result.noteIds().get(DemoNotes.ALICE.userId()))
        .doesNotContainAnyElementsOf(result.noteIds().get(DemoNotes.CAROL.userId()));
    assertThat(result.foreignGetEmpty()).isTrue();
    assertThat(result.ownerGetText()).isEqualTo(DemoNotes.ALICE.notes().get(0));
  }

  @Test
  void theTableHoldsOnlyCiphertextAndTheAppRoleSeesNothingWithoutATenant() {
    assertThat(result.rawRows()).isPositive();
    assertThat(result.rawRowsWithPlaintext()).isZero();
    assertThat(result.appRoleRowsWithoutTenant()).isZero();
  }

  @Test
  void theOutputWalksThroughEveryStep() {
    assertThat(output)
        .contains("[1/7] Database", "[7/7] At rest")
        .contains("KeyProviders.fromEnvironment()")
        .contains("pgvector")
        .contains("search ")
        .contains("-> empty");
  }

  @Test
  void thePlaintextScanFindsPlaintextWhenItIsThere() {
    byte[] text = "Slugs ate the young lettuce again".getBytes(StandardCharsets.UTF_8);
    byte[] leaky =
        ("\u0001\u0002" + "ate the young lettuce" + "\u0003").getBytes(StandardCharsets.UTF_8);
    byte[] clean = "ciphertext-looking bytes only".getBytes(StandardCharsets.UTF_8);
    assertThat(Demo.containsRunOf(leaky, text)).isTrue();
    assertThat(Demo.containsRunOf(clean, text)).isFalse();
  }
}
