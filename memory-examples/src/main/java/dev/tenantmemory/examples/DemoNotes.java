package dev.tenantmemory.examples;

import java.util.List;

/** The demo's made-up tenants: a few short notes each and questions about them. */
final class DemoNotes {

  /**
   * One tenant of the host application.
   *
   * @param userId the application's id for the tenant
   * @param role what the tenant does, for the output
   * @param notes the tenant's notes, each stored as one chunk
   * @param questions questions the tenant asks its own memory
   */
  record Tenant(String userId, String role, List<String> notes, List<Question> questions) {
    Tenant {
      notes = List.copyOf(notes);
      questions = List.copyOf(questions);
    }
  }

  /**
   * A question and the note that answers it.
   *
   * @param text the question
   * @param answerNote the index in {@link Tenant#notes()} of the note that answers it
   */
  record Question(String text, int answerNote) {}

  static final Tenant ALICE =
      new Tenant(
          "alice",
          "cardiologist",
          List.of(
              "Mr. Okafor, 67: new atrial fibrillation on the ECG; started apixaban 5 mg twice"
                  + " daily.",
              "Mrs. Lindqvist's echo shows the ejection fraction down to 35%; add"
                  + " sacubitril/valsartan and repeat the echo in six weeks.",
              "Stress test for Mr. Haddad was negative at 10 METs, no ischemia; continue the"
                  + " statin.",
              "Ms. Romero has palpitations at night; order a 48-hour Holter monitor.",
              "After starting metoprolol, warn patients about fatigue and hold the dose if the"
                  + " resting heart rate drops below 55.",
              "Mr. Chen had a stent in March: he must not stop clopidogrel for 12 months, not"
                  + " even for dental work.",
              "Blood pressure clinic: the target is under 130/80 for patients with diabetes.",
              "Mrs. Novak's troponin was normal twice; the chest pain is likely musculoskeletal,"
                  + " discharge with a follow-up visit."),
          List.of(
              new Question("Which patient takes a blood thinner for an irregular heartbeat?", 0),
              new Question("Who needs a heart rhythm recording because of palpitations?", 3)));

  static final Tenant BOB =
      new Tenant(
          "bob",
          "gardener",
          List.of(
              "Tomatoes in bed 3 show early blight on the lower leaves; remove them and water at"
                  + " the base only.",
              "Prune the apple trees in late winter while they are dormant; cut crossing branches"
                  + " first.",
              "Slugs ate the young lettuce again; set beer traps and a copper ring around the"
                  + " seedlings.",
              "The compost heap is too wet and smells; mix in dry leaves and shredded cardboard.",
              "The Millers' hydrangeas turn blue in acidic soil; add aluminium sulphate in spring.",
              "Sow carrots and radishes together: the radishes come up first and mark the row.",
              "Brown patches in the lawn come from chafer grubs; apply nematodes in late summer"
                  + " while the soil is warm.",
              "The roses by the fence need a potassium-rich feed every two weeks once the buds"
                  + " form."),
          List.of(
              new Question("What can I do about snails and slugs eating my salad?", 2),
              new Question("When should fruit trees be pruned?", 1)));

  static final Tenant CAROL =
      new Tenant(
          "carol",
          "travel planner",
          List.of(
              "The Nguyen family (2 adults, 2 kids) go from Lisbon to Porto on 14 June; book the"
                  + " 08:10 train rather than a flight.",
              "Kyoto in cherry blossom season: reserve ryokan rooms six months ahead, prices double"
                  + " in early April.",
              "Mr. Patel needs a wheelchair-accessible hotel in Rome near Termini station.",
              "Iceland ring road for the Bergs: rent a 4x4, the highland F-roads open only in"
                  + " July.",
              "The Okonkwo honeymoon insurance must cover scuba diving in Zanzibar.",
              "Ms. Ivanova's Schengen visa appointment is on 3 May; she must bring printed hotel"
                  + " bookings and a bank statement.",
              "Patagonia trek: pack layers, winds on the W circuit reach 100 km/h in summer.",
              "Venice for the Smiths: skip-the-line tickets for the Doge's Palace and a water taxi"
                  + " from the airport."),
          List.of(
              new Question("Which client needs step-free access at the hotel?", 2),
              new Question("What documents does my client need for her visa interview?", 5)));

  /** Every tenant, in the order the demo shows them. */
  static final List<Tenant> TENANTS = List.of(ALICE, BOB, CAROL);

  /** Bob asks his memory about Alice's topic: only Bob's notes may come back. */
  static final String CROSS_TENANT_QUESTION =
      "Which patient takes a blood thinner for atrial fibrillation?";

  private DemoNotes() {}
}
