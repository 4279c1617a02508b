package dev.tenantmemory.benchmarks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Plausible English-like text and metadata of a requested size, from a random stream. */
final class TextFaker {
  private static final List<String> WORDS =
      List.of(
          "the",
          "a",
          "of",
          "to",
          "and",
          "in",
          "for",
          "on",
          "with",
          "that",
          "is",
          "was",
          "as",
          "by",
          "at",
          "from",
          "this",
          "we",
          "our",
          "it",
          "be",
          "are",
          "will",
          "can",
          "should",
          "after",
          "before",
          "meeting",
          "project",
          "customer",
          "invoice",
          "release",
          "deadline",
          "budget",
          "design",
          "review",
          "database",
          "index",
          "query",
          "latency",
          "memory",
          "tenant",
          "report",
          "contract",
          "schedule",
          "travel",
          "flight",
          "hotel",
          "doctor",
          "appointment",
          "recipe",
          "garden",
          "holiday",
          "payment",
          "account",
          "password",
          "support",
          "ticket",
          "feature",
          "request",
          "bug",
          "fix",
          "deploy",
          "server",
          "cluster",
          "backup",
          "restore",
          "policy",
          "security",
          "encryption",
          "key",
          "rotation",
          "audit",
          "log",
          "metric",
          "dashboard",
          "alert",
          "incident",
          "postmortem",
          "roadmap",
          "quarter",
          "planning",
          "hiring",
          "interview",
          "candidate",
          "offer",
          "onboarding",
          "training",
          "workshop",
          "conference",
          "talk",
          "slides",
          "notes",
          "summary",
          "decision",
          "action",
          "item",
          "owner",
          "status",
          "blocked",
          "done",
          "pending",
          "approved",
          "rejected",
          "draft",
          "final",
          "version",
          "update",
          "change",
          "migration",
          "schema",
          "table",
          "column",
          "row",
          "vector",
          "search",
          "result",
          "ranking",
          "model",
          "embedding",
          "prompt",
          "answer",
          "question",
          "context",
          "document",
          "chapter",
          "section",
          "page",
          "email",
          "thread",
          "reply",
          "forward",
          "attachment",
          "calendar",
          "reminder",
          "birthday",
          "family",
          "school",
          "homework",
          "exam",
          "grade",
          "teacher",
          "student",
          "library",
          "book",
          "author",
          "novel",
          "music",
          "concert",
          "ticket",
          "price",
          "discount",
          "order",
          "shipping",
          "delivery",
          "return",
          "refund",
          "warranty",
          "repair",
          "insurance",
          "claim",
          "tax",
          "receipt",
          "bank",
          "transfer",
          "loan",
          "mortgage",
          "rent",
          "lease",
          "apartment",
          "kitchen",
          "renovation",
          "quickly",
          "carefully",
          "again",
          "later",
          "today",
          "tomorrow",
          "yesterday",
          "monday",
          "friday",
          "weekly",
          "monthly",
          "important",
          "urgent",
          "new",
          "old",
          "large",
          "small",
          "first",
          "second",
          "last",
          "next",
          "open",
          "closed",
          "shared",
          "private",
          "team");

  private static final List<String> TAGS = List.of("note", "email", "wiki", "chat", "ticket");

  private TextFaker() {}

  /** Sentences of about {@code meanBytes} ASCII bytes (uniform within ±25%). */
  static String text(SplittableRandom r, int meanBytes) {
    int target = meanBytes * 3 / 4 + r.nextInt(meanBytes / 2 + 1);
    StringBuilder sb = new StringBuilder(target + 16);
    boolean sentenceStart = true;
    while (sb.length() < target) {
      String w = WORDS.get(r.nextInt(WORDS.size()));
      if (sentenceStart) {
        sb.append(Character.toUpperCase(w.charAt(0))).append(w, 1, w.length());
        sentenceStart = false;
      } else {
        sb.append(w);
      }
      if (r.nextInt(12) == 0) {
        sb.append(". ");
        sentenceStart = true;
      } else {
        sb.append(' ');
      }
    }
    sb.setLength(target);
    return sb.toString();
  }

  /** Metadata whose keys and values add up to about {@code meanBytes} bytes. */
  static Map<String, String> metadata(SplittableRandom r, int meanBytes, String docId, int row) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("author", word(r) + " " + word(r));
    m.put("lang", "en");
    m.put("url", "https://docs.example.com/" + docId + "#" + row);
    m.put("created", "2025-" + (1 + r.nextInt(12)) + "-" + (1 + r.nextInt(28)));
    int used = 0;
    for (Map.Entry<String, String> e : m.entrySet()) {
      used += e.getKey().length() + e.getValue().length();
    }
    int titleBytes = Math.max(8, meanBytes - used - "title".length());
    m.put("title", text(r, titleBytes));
    return m;
  }

  static List<String> tags(SplittableRandom r) {
    return List.of(TAGS.get(r.nextInt(TAGS.size())));
  }

  private static String word(SplittableRandom r) {
    return WORDS.get(r.nextInt(WORDS.size()));
  }
}
