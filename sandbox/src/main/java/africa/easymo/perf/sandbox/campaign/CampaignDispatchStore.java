package africa.easymo.perf.sandbox.campaign;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;

import javax.sql.DataSource;

/**
 * The dispatcher's database side. One batch is one transaction: claim the batchReference in {@code campaign_batches} (a
 * second claim of the same reference waits for the first and then finds it taken: a replay), lock the batch's
 * {@code campaign_targets} rows, update them, record every send in {@code campaign_dispatches}, store the answer.
 * Either all of it is committed or none, so a target is never recorded as sent by a batch that does not exist.
 */
final class CampaignDispatchStore {
    private final DataSource dataSource;
    private final ObjectMapper mapper;

    CampaignDispatchStore(DataSource dataSource, ObjectMapper mapper) {
        this.dataSource = dataSource;
        this.mapper = mapper;
    }

    /**
     * @param decide
     *            the outcomes, asked for only once the batch is known to be new and its targets are locked
     * @param answer
     *            the JSON answer for those outcomes, stored for replays
     */
    DispatchResult dispatch(DispatchRequest request, Supplier<List<TargetOutcome>> decide,
            Function<List<TargetOutcome>, JsonNode> answer) throws SQLException, InvalidDispatchException {
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                DispatchResult r = dispatch(c, request, decide, answer);
                c.commit();
                return r;
            } catch (SQLException | InvalidDispatchException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        }
    }

    /** The stored answer of an earlier batch with that reference, if any (no locks taken). */
    JsonNode storedAnswer(String batchReference) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            Stored s = stored(c, batchReference);
            return s == null ? null : s.response;
        }
    }

    private DispatchResult dispatch(Connection c, DispatchRequest request, Supplier<List<TargetOutcome>> decide,
            Function<List<TargetOutcome>, JsonNode> answer) throws SQLException, InvalidDispatchException {
        if (!claim(c, request)) {
            Stored s = stored(c, request.batchReference());
            if (s == null || s.response == null) {
                // Cannot happen: the claim only fails on a committed row, and rows are committed with their answer.
                throw new SQLException("batch " + request.batchReference() + " is claimed but has no stored answer");
            }
            requireSameBatch(request, s);
            return new DispatchResult.Replay(s.response);
        }
        requireCampaign(c, request);
        requireKnownTargets(c, request);
        Map<String, Integer> earlier = earlierDispatches(c, request);
        List<TargetOutcome> decided = decide.get();
        List<TargetOutcome> outcomes = new ArrayList<>(decided.size());
        for (TargetOutcome o : decided) {
            outcomes.add(o.withAttempt(earlier.getOrDefault(o.msisdn(), 0) + 1));
        }
        updateTargets(c, request, outcomes);
        recordDispatches(c, request, outcomes);
        JsonNode response = answer.apply(outcomes);
        storeAnswer(c, request, response);
        return new DispatchResult.Accepted(response, outcomes);
    }

    private static boolean claim(Connection c, DispatchRequest r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into public.campaign_batches "
                + "(batch_reference, campaign_id, targets) values (?, ?, ?) on conflict (batch_reference) do nothing")) {
            ps.setString(1, r.batchReference());
            ps.setObject(2, r.campaignId());
            ps.setInt(3, r.targets().size());
            return ps.executeUpdate() == 1;
        }
    }

    private Stored stored(Connection c, String reference) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "select campaign_id, response::text from public.campaign_batches where batch_reference = ?")) {
            ps.setString(1, reference);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                String json = rs.getString(2);
                try {
                    return new Stored(rs.getString(1), json == null ? null : mapper.readTree(json));
                } catch (JsonProcessingException e) {
                    throw new SQLException("stored answer of batch " + reference + " is not JSON", e);
                }
            }
        }
    }

    /** A reference reused for other targets is a client bug: refuse it rather than answer for a different batch. */
    private static void requireSameBatch(DispatchRequest request, Stored s) throws InvalidDispatchException {
        List<String> before = new ArrayList<>();
        s.response.path("outcomes").forEach(o -> before.add(o.path("msisdn").asText()));
        if (!request.campaignId().toString().equals(s.campaignId) || !before.equals(request.targets())) {
            throw new InvalidDispatchException(409, "batch_reference_conflict", "batchReference "
                    + request.batchReference() + " was already used for another campaign or other targets");
        }
    }

    private static void requireCampaign(Connection c, DispatchRequest r) throws SQLException, InvalidDispatchException {
        try (PreparedStatement ps = c.prepareStatement("select 1 from public.campaigns where id = ?")) {
            ps.setObject(1, r.campaignId());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new InvalidDispatchException(404, "campaign_not_found",
                            "campaign " + r.campaignId() + " does not exist");
                }
            }
        }
    }

    /** Locks the batch's target rows, in a fixed order so two overlapping batches cannot deadlock. */
    private static void requireKnownTargets(Connection c, DispatchRequest r)
            throws SQLException, InvalidDispatchException {
        Set<String> found = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("select msisdn from public.campaign_targets "
                + "where campaign_id = ? and msisdn = any(?) order by msisdn for update")) {
            ps.setObject(1, r.campaignId());
            ps.setArray(2, c.createArrayOf("text", r.targets().toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getString(1));
                }
            }
        }
        if (found.size() != r.targets().size()) {
            Set<String> unknown = new TreeSet<>(r.targets());
            unknown.removeAll(found);
            List<String> sample = new ArrayList<>(unknown).subList(0, Math.min(5, unknown.size()));
            throw new InvalidDispatchException(422, "unknown_targets", unknown.size() + " of " + r.targets().size()
                    + " targets are not targets of campaign " + r.campaignId() + ", e.g. " + sample);
        }
    }

    private static Map<String, Integer> earlierDispatches(Connection c, DispatchRequest r) throws SQLException {
        Map<String, Integer> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("select msisdn, count(*) from public.campaign_dispatches "
                + "where campaign_id = ? and msisdn = any(?) group by msisdn")) {
            ps.setObject(1, r.campaignId());
            ps.setArray(2, c.createArrayOf("text", r.targets().toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        return out;
    }

    private static void updateTargets(Connection c, DispatchRequest r, List<TargetOutcome> outcomes)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update public.campaign_targets t set status = u.status, "
                + "message_id = u.message_id, error_code = u.error_code, last_update_at = now() "
                + "from unnest(?::text[], ?::text[], ?::text[], ?::text[]) as u(msisdn, status, message_id, error_code) "
                + "where t.campaign_id = ? and t.msisdn = u.msisdn")) {
            ps.setArray(1, texts(c, outcomes, TargetOutcome::msisdn));
            ps.setArray(2, texts(c, outcomes, TargetOutcome::status));
            ps.setArray(3, texts(c, outcomes, TargetOutcome::messageId));
            ps.setArray(4, texts(c, outcomes, TargetOutcome::targetErrorCode));
            ps.setObject(5, r.campaignId());
            int updated = ps.executeUpdate();
            if (updated != outcomes.size()) {
                throw new SQLException("updated " + updated + " campaign_targets rows for " + outcomes.size()
                        + " targets of batch " + r.batchReference());
            }
        }
    }

    private static void recordDispatches(Connection c, DispatchRequest r, List<TargetOutcome> outcomes)
            throws SQLException {
        Integer[] attempts = outcomes.stream().map(TargetOutcome::attempt).toArray(Integer[]::new);
        try (PreparedStatement ps = c.prepareStatement("insert into public.campaign_dispatches "
                + "(batch_reference, campaign_id, msisdn, attempt, outcome, reason, message_id) "
                + "select ?, ?, u.msisdn, u.attempt, u.outcome, u.reason, u.message_id "
                + "from unnest(?::text[], ?::int[], ?::text[], ?::text[], ?::text[]) "
                + "as u(msisdn, attempt, outcome, reason, message_id)")) {
            ps.setString(1, r.batchReference());
            ps.setObject(2, r.campaignId());
            ps.setArray(3, texts(c, outcomes, TargetOutcome::msisdn));
            ps.setArray(4, c.createArrayOf("int4", attempts));
            ps.setArray(5, texts(c, outcomes, TargetOutcome::status));
            ps.setArray(6, texts(c, outcomes, TargetOutcome::reason));
            ps.setArray(7, texts(c, outcomes, TargetOutcome::messageId));
            ps.executeUpdate();
        }
    }

    private static void storeAnswer(Connection c, DispatchRequest r, JsonNode response) throws SQLException {
        try (PreparedStatement ps = c
                .prepareStatement("update public.campaign_batches set response = ?::jsonb where batch_reference = ?")) {
            ps.setString(1, response.toString());
            ps.setString(2, r.batchReference());
            ps.executeUpdate();
        }
    }

    private static Array texts(Connection c, List<TargetOutcome> outcomes, Function<TargetOutcome, String> f)
            throws SQLException {
        return c.createArrayOf("text", outcomes.stream().map(f).toArray());
    }

    private record Stored(String campaignId, JsonNode response) {
    }
}
