package dev.tenantmemory.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantmemory.examples.DemoNotes.Question;
import dev.tenantmemory.examples.DemoNotes.Tenant;
import dev.tenantmemory.examples.LangChain4jResult.Retrieval;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs the LangChain4j example once against the real database and the real embedding model, and
 * checks that every retriever answered from its own tenant's notes.
 */
class LangChain4jExampleTest {
  private static LangChain4jResult result;
  private static String output;

  @BeforeAll
  static void runExample() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      result = LangChain4jExample.run(out);
    }
    output = bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void everyNoteWentInThroughTheIngestor() {
    for (Tenant tenant : DemoNotes.TENANTS) {
      assertThat(result.ingested()).containsEntry(tenant.userId(), tenant.notes().size());
    }
  }

  @Test
  void eachRetrieverAnswersFromItsTenantsNotesWithTheRightNoteFirst() {
    List<Question> questions = new ArrayList<>();
    DemoNotes.TENANTS.forEach(t -> questions.addAll(t.questions()));
    assertThat(result.retrievals()).hasSize(questions.size());
    for (int i = 0; i < questions.size(); i++) {
      Retrieval r = result.retrievals().get(i);
      Tenant tenant = tenant(r.tenant());
      assertThat(r.question()).isEqualTo(questions.get(i).text());
      assertThat(r.texts()).as(r.question()).hasSize(3);
      assertThat(tenant.notes()).as(r.question()).containsAll(r.texts());
      assertThat(r.notes().get(0)).as(r.question()).isEqualTo(questions.get(i).answerNote());
      assertNotesMatchTexts(tenant, r);
    }
  }

  @Test
  void aRetrieverAskedAboutAnotherTenantsTopicReturnsOnlyItsOwnNotes() {
    Retrieval cross = result.crossTenant();
    assertThat(cross.tenant()).isEqualTo(DemoNotes.BOB.userId());
    assertThat(cross.texts()).hasSize(3);
    assertThat(DemoNotes.BOB.notes()).containsAll(cross.texts());
    assertThat(cross.texts()).doesNotContainAnyElementsOf(DemoNotes.ALICE.notes());
  }

  @Test
  void theApplicationsOneRetrieverAnswersEachUserFromThatUsersNotes() {
    Retrieval alice = result.perRequest().get(DemoNotes.ALICE.userId());
    Retrieval bob = result.perRequest().get(DemoNotes.BOB.userId());
    assertThat(DemoNotes.ALICE.notes()).containsAll(alice.texts());
    assertThat(alice.notes().get(0)).isZero(); // the apixaban note answers the question
    assertThat(DemoNotes.BOB.notes()).containsAll(bob.texts());
    assertThat(bob.texts()).isEqualTo(result.crossTenant().texts());
    assertNotesMatchTexts(DemoNotes.ALICE, alice);
    assertNotesMatchTexts(DemoNotes.BOB, bob);
  }

  @Test
  void aCallWithNoUserIsRefused() {
    assertThat(result.refusal()).isEqualTo("INVALID_ARGUMENT");
    assertThat(output).contains("no user  -> INVALID_ARGUMENT");
  }

  private static void assertNotesMatchTexts(Tenant tenant, Retrieval r) {
    assertThat(r.notes()).hasSameSizeAs(r.texts());
    for (int i = 0; i < r.texts().size(); i++) {
      assertThat(tenant.notes().get(r.notes().get(i))).isEqualTo(r.texts().get(i));
    }
  }

  private static Tenant tenant(String userId) {
    return DemoNotes.TENANTS.stream()
        .filter(t -> t.userId().equals(userId))
        .findFirst()
        .orElseThrow();
  }
}
