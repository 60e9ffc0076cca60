package dev.leakwatch.agent.select;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Applies a {@link ProcessSelection} to the processes of one tick. */
public final class ProcessSelector {
    /** What selection needs to know of a process; cmdline, uid and RSS are null when unknown. */
    public interface Candidate {
        int pid();

        String comm();

        String cmdline();

        Integer uid();

        Long rssBytes();
    }

    /**
     * @param selected kept, in the order of the input
     * @param filtered left out by the patterns, users or minimum RSS
     * @param capped   left out because more than the cap remained
     */
    public record Result<T>(List<T> selected, int filtered, int capped) {
    }

    private final ProcessSelection selection;
    private final List<Pattern> includeComm;
    private final List<Pattern> excludeComm;
    private final List<Pattern> includeCmdline;
    private final List<Pattern> excludeCmdline;
    private final List<Pattern> alwaysInclude;
    private final Set<Integer> includeUids;
    private final Set<Integer> excludeUids;
    private final List<String> unknownUsers = new ArrayList<>();

    /** @param uidsByName user names from the passwd file, to resolve users given by name */
    public ProcessSelector(ProcessSelection selection, Map<String, Integer> uidsByName) {
        this.selection = selection;
        this.includeComm = compile(selection.includeComm());
        this.excludeComm = compile(selection.excludeComm());
        this.includeCmdline = compile(selection.includeCmdline());
        this.excludeCmdline = compile(selection.excludeCmdline());
        this.alwaysInclude = compile(selection.alwaysInclude());
        this.includeUids = uids(selection.includeUsers(), uidsByName);
        this.excludeUids = uids(selection.excludeUsers(), uidsByName);
    }

    /** User names that are not in the passwd file: they match no process (the same flags may run on hosts without them). */
    public List<String> unknownUsers() {
        return List.copyOf(unknownUsers);
    }

    public <T extends Candidate> Result<T> select(List<T> candidates) {
        final List<T> always = new ArrayList<>();
        final List<T> eligible = new ArrayList<>();
        int filtered = 0;
        for (T candidate : candidates) {
            switch (classify(candidate)) {
                case ALWAYS -> always.add(candidate);
                case ELIGIBLE -> eligible.add(candidate);
                default -> filtered++;
            }
        }
        final int room = selection.maxProcesses();
        int capped = 0;
        final Set<T> kept = Collections.newSetFromMap(new IdentityHashMap<>());
        kept.addAll(always);
        if (eligible.size() <= room) {
            kept.addAll(eligible);
        } else {
            final List<T> byRss = new ArrayList<>(eligible);
            byRss.sort(Comparator.comparingLong((T c) -> c.rssBytes() == null ? -1 : c.rssBytes()).reversed()
                    .thenComparingInt(Candidate::pid));
            kept.addAll(byRss.subList(0, room));
            capped = eligible.size() - room;
        }
        final List<T> selected = new ArrayList<>(kept.size());
        for (T candidate : candidates) {
            if (kept.contains(candidate)) {
                selected.add(candidate);
            }
        }
        return new Result<>(selected, filtered, capped);
    }

    private enum Verdict { OUT, ALWAYS, ELIGIBLE }

    private Verdict classify(Candidate c) {
        final String cmdline = c.cmdline();
        final Integer uid = c.uid();
        if (anyFinds(excludeComm, c.comm()) || cmdline != null && anyFinds(excludeCmdline, cmdline)
                || uid != null && excludeUids.contains(uid)) {
            return Verdict.OUT;
        }
        if (anyFinds(alwaysInclude, c.comm()) || cmdline != null && anyFinds(alwaysInclude, cmdline)) {
            return Verdict.ALWAYS;
        }
        if (!includeComm.isEmpty() && !anyFinds(includeComm, c.comm())) {
            return Verdict.OUT;
        }
        if (!includeCmdline.isEmpty() && (cmdline == null || !anyFinds(includeCmdline, cmdline))) {
            return Verdict.OUT;
        }
        if (!selection.includeUsers().isEmpty() && (uid == null || !includeUids.contains(uid))) {
            return Verdict.OUT;
        }
        if (selection.minRssBytes() > 0 && (c.rssBytes() == null || c.rssBytes() < selection.minRssBytes())) {
            return Verdict.OUT;
        }
        return Verdict.ELIGIBLE;
    }

    private static boolean anyFinds(List<Pattern> patterns, String text) {
        for (Pattern pattern : patterns) {
            if (pattern.matcher(text).find()) {
                return true;
            }
        }
        return false;
    }

    private Set<Integer> uids(List<String> users, Map<String, Integer> uidsByName) {
        final Set<Integer> uids = new HashSet<>();
        for (String user : users) {
            final Integer byName = uidsByName.get(user);
            if (byName != null) {
                uids.add(byName);
            } else if (user.chars().allMatch(Character::isDigit) && user.length() <= 9) {
                uids.add(Integer.parseInt(user));
            } else {
                unknownUsers.add(user);
            }
        }
        return uids;
    }

    private static List<Pattern> compile(List<String> patterns) {
        return patterns.stream().map(Pattern::compile).toList();
    }
}
