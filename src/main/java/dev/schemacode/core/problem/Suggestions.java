package dev.schemacode.core.problem;

import java.util.Collection;
import java.util.Locale;
import org.apache.commons.text.similarity.LevenshteinDistance;

/** "Did you mean" for names a user typed: rule ids, database names. */
public final class Suggestions {

    private static final LevenshteinDistance UP_TO_TWO_EDITS = new LevenshteinDistance(2);

    private Suggestions() {
    }

    /**
     * @param given what the user wrote
     * @param known the valid names, in the order to prefer
     * @return the known name fewest edits (Levenshtein, at most two) from {@code given}, the first of
     *     equals; else the first that starts with it or that it starts with (ignoring case, three
     *     letters at least); else {@code null}
     */
    public static String closest(String given, Collection<String> known) {
        if (given == null || given.isBlank()) {
            return null;
        }
        String typed = given.trim().toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String name : known) {
            int distance = UP_TO_TWO_EDITS.apply(name.toLowerCase(Locale.ROOT), typed); // -1: more than two
            if (distance >= 0 && distance < bestDistance) {
                best = name;
                bestDistance = distance;
            }
        }
        if (best != null) {
            return best;
        }
        for (String name : known) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (typed.length() >= 3 && (lower.startsWith(typed) || typed.startsWith(lower))) {
                return name;
            }
        }
        return null;
    }
}
