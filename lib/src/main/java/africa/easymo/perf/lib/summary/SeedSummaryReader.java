package africa.easymo.perf.lib.summary;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Streaming reader: one pass over the tokens, no tree, so a summary with a million bulk targets costs the packed
 * {@link MsisdnList} and little else. Field paths in errors are rebuilt from Jackson's parsing context only when an
 * error is raised.
 */
final class SeedSummaryReader {
    static final Set<String> TARGET_STATUSES = Set.of("queued", "sent", "delivered", "read", "failed", "policy_blocked",
            "cancelled");
    static final Set<String> VOUCHER_STATUSES = Set.of("issued", "sent", "redeemed", "expired", "void", "cancelled");

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(1 << 20).build()).build();

    private final String file;
    private JsonParser p;

    SeedSummaryReader(String file) {
        this.file = file;
    }

    SeedSummary read(InputStream in) {
        try (JsonParser parser = JSON.createParser(in)) {
            p = parser;
            return readDocument();
        } catch (JsonParseException e) {
            throw new SeedSummaryException(file, pathOrNull(), "invalid JSON at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new SeedSummaryException(file, null, "cannot be read: " + e.getMessage(), e);
        }
    }

    private SeedSummary readDocument() throws IOException {
        JsonToken t = p.nextToken();
        if (t == null) {
            throw new SeedSummaryException(file, null, "empty file");
        }
        if (t != JsonToken.START_OBJECT) {
            throw new SeedSummaryException(file, null, "not a JSON object");
        }
        Integer schemaVersion = null;
        String seedVersion = null;
        Instant generatedAt = null;
        List<VoucherPreviewPayload> previews = null;
        List<StationRedeemPayload> stations = null;
        CampaignDispatch dispatch = null;
        List<CuratedTarget> curated = null;
        List<FixtureVoucher> fixtureVouchers = List.of();
        int poolPerStation = 0;
        String draftCampaignId = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            p.nextToken();
            switch (f) {
            case "schemaVersion" -> schemaVersion = readSchemaVersion();
            case "seedVersion" -> seedVersion = readScalarText();
            case "generatedAt" -> generatedAt = readInstant();
            case "voucherPreviewPayloads" -> previews = readPreviews();
            case "stationRedeemPayloads" -> stations = readStations();
            case "campaignDispatch" -> dispatch = readDispatch();
            case "curatedCampaignTargets" -> curated = readCurated();
            case "fixtureVouchers" -> fixtureVouchers = readFixtureVouchers();
            case "redeemPool" -> poolPerStation = readRedeemPool();
            case "draftCampaignId" -> draftCampaignId = p.currentToken() == JsonToken.VALUE_NULL ? null : readUuid();
            default -> p.skipChildren();
            }
        }
        if (p.nextToken() != null) {
            throw fail("", "unexpected content after the JSON object");
        }
        requirePresent("", "generatedAt", generatedAt);
        requirePresent("", "seedVersion", seedVersion);
        requirePresent("", "voucherPreviewPayloads", previews);
        requirePresent("", "stationRedeemPayloads", stations);
        requirePresent("", "campaignDispatch", dispatch);
        requirePresent("", "curatedCampaignTargets", curated);
        int version = schemaVersion == null ? SeedSummary.LEGACY_SCHEMA_VERSION : schemaVersion;
        if (version >= 2) {
            validateCurrentFormat(previews, stations, fixtureVouchers);
        }
        validateUniquePool(stations);
        return SeedSummary.builder().schemaVersion(version).seedVersion(seedVersion).generatedAt(generatedAt)
                .voucherPreviewPayloads(previews).stationRedeemPayloads(stations).campaignDispatch(dispatch)
                .curatedCampaignTargets(curated).fixtureVouchers(fixtureVouchers).redeemPoolPerStation(poolPerStation)
                .draftCampaignId(draftCampaignId).build();
    }

    private int readSchemaVersion() throws IOException {
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
            throw fail(here(), "not an integer");
        }
        int v = p.getIntValue();
        if (v < 1) {
            throw fail(here(), "must be at least 1");
        }
        if (v > SeedSummary.SCHEMA_VERSION) {
            throw fail(here(), "version " + v + " is newer than this build reads (up to " + SeedSummary.SCHEMA_VERSION
                    + "): update easymo-perf");
        }
        return v;
    }

    private int readRedeemPool() throws IOException {
        expectObject();
        int perStation = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            p.nextToken();
            if (f.equals("perStation")) {
                if (p.currentToken() != JsonToken.VALUE_NUMBER_INT || p.getIntValue() < 0) {
                    throw fail(here(), "not a non-negative integer");
                }
                perStation = p.getIntValue();
            } else {
                p.skipChildren();
            }
        }
        return perStation;
    }

    private List<VoucherPreviewPayload> readPreviews() throws IOException {
        expectArray();
        List<VoucherPreviewPayload> out = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            expectObject();
            String voucherId = null;
            String code = null;
            BigDecimal amount = null;
            String currency = null;
            Instant expiresAt = null;
            String stationScope = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                p.nextToken();
                switch (f) {
                case "voucherId" -> voucherId = readUuid();
                case "code" -> code = readCode();
                case "amount" -> amount = readAmount();
                case "currency" -> currency = readNonBlank();
                case "expiresAt" -> expiresAt = readInstant();
                case "stationScope" -> stationScope = readUuid();
                default -> p.skipChildren();
                }
            }
            String at = here();
            requirePresent(at, "voucherId", voucherId);
            requirePresent(at, "code", code);
            requirePresent(at, "amount", amount);
            requirePresent(at, "currency", currency);
            requirePresent(at, "expiresAt", expiresAt);
            requirePresent(at, "stationScope", stationScope);
            out.add(new VoucherPreviewPayload(voucherId, code, amount, currency, expiresAt, stationScope));
        }
        return out;
    }

    private List<StationRedeemPayload> readStations() throws IOException {
        expectArray();
        List<StationRedeemPayload> out = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            expectObject();
            String stationId = null;
            String stationCode = null;
            Operator operator = null;
            List<String> voucherIds = null;
            List<String> voucherCodes = null;
            String token = null;
            boolean tokenSeen = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                p.nextToken();
                switch (f) {
                case "stationId" -> stationId = readUuid();
                case "stationCode" -> stationCode = readNonBlank();
                case "operator" -> operator = readOperator();
                case "voucherIds" -> voucherIds = readStringArray(true);
                case "voucherCodes" -> voucherCodes = readStringArray(false);
                case "token" -> {
                    tokenSeen = true;
                    token = p.currentToken() == JsonToken.VALUE_NULL ? null : readString();
                }
                default -> p.skipChildren();
                }
            }
            String at = here();
            requirePresent(at, "stationId", stationId);
            requirePresent(at, "stationCode", stationCode);
            requirePresent(at, "operator", operator);
            requirePresent(at, "voucherIds", voucherIds);
            requirePresent(at, "voucherCodes", voucherCodes);
            if (!tokenSeen) {
                throw fail(join(at, "token"), "missing");
            }
            if (voucherIds.size() != voucherCodes.size()) {
                throw fail(join(at, "voucherCodes"),
                        voucherCodes.size() + " codes for " + voucherIds.size() + " voucherIds");
            }
            out.add(new StationRedeemPayload(stationId, stationCode, operator, voucherIds, voucherCodes, token));
        }
        return out;
    }

    private Operator readOperator() throws IOException {
        expectObject();
        String msisdn = null;
        String displayName = null;
        String userId = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            p.nextToken();
            switch (f) {
            case "msisdn" -> msisdn = readMsisdn();
            case "displayName" -> displayName = p.currentToken() == JsonToken.VALUE_NULL ? null : readString();
            case "userId" -> userId = readUuid();
            default -> p.skipChildren();
            }
        }
        String at = here();
        requirePresent(at, "msisdn", msisdn);
        requirePresent(at, "userId", userId);
        return new Operator(msisdn, displayName, userId);
    }

    private CampaignDispatch readDispatch() throws IOException {
        expectObject();
        String campaignId = null;
        String batchReference = null;
        MsisdnList msisdns = null;
        int countHint = -1;
        String countPath = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            p.nextToken();
            switch (f) {
            case "campaignId" -> campaignId = readUuid();
            case "batchReference" -> batchReference = readNonBlank();
            case "bulkTargetCount" -> {
                if (p.currentToken() != JsonToken.VALUE_NUMBER_INT || p.getLongValue() < 0
                        || p.getLongValue() > Integer.MAX_VALUE - 16) {
                    throw fail(here(), "not a non-negative integer");
                }
                countHint = p.getIntValue();
                countPath = here();
            }
            case "bulkTargetMsisdns" -> msisdns = readMsisdnList(countHint);
            default -> p.skipChildren();
            }
        }
        String at = here();
        requirePresent(at, "campaignId", campaignId);
        requirePresent(at, "batchReference", batchReference);
        requirePresent(at, "bulkTargetMsisdns", msisdns);
        if (countHint >= 0 && countHint != msisdns.size()) {
            throw fail(countPath, countHint + " but bulkTargetMsisdns holds " + msisdns.size());
        }
        return new CampaignDispatch(campaignId, batchReference, msisdns);
    }

    /**
     * The hot loop of a large summary: characters go straight from the parser's buffer into the packed list, and a
     * numeric key per MSISDN goes into a long[] so duplicates are found by one sort instead of a million-entry set.
     */
    private MsisdnList readMsisdnList(int countHint) throws IOException {
        expectArray();
        // Sized once from bulkTargetCount (written before the list) when present: no growth copies of big arrays.
        int initial = countHint >= 0 && countHint <= 2_000_000 ? Math.max(countHint, 16) : 1024;
        MsisdnList.Builder b = MsisdnList.builder(initial);
        long[] keys = new long[initial];
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                throw fail(here(), "not a string");
            }
            char[] buf = p.getTextCharacters();
            int off = p.getTextOffset();
            int len = p.getTextLength();
            long key = msisdnKey(buf, off, len);
            if (key < 0) {
                throw fail(here(), "not an MSISDN (+ and 7 to 15 digits)");
            }
            int i = b.size();
            if (i == keys.length) {
                keys = Arrays.copyOf(keys, keys.length + (keys.length >> 1) + 16);
            }
            keys[i] = key;
            b.add(buf, off, len);
        }
        MsisdnList list = b.build();
        int[] dup = firstDuplicate(keys, list);
        if (dup != null) {
            throw fail(pathOf(p.getParsingContext()) + "[" + dup[0] + "]",
                    list.get(dup[0]) + " duplicates [" + dup[1] + "]: each target must appear once");
        }
        return list;
    }

    /** The digits as a number, with the length folded in so "+0123" and "+123" differ; -1 when malformed. */
    static long msisdnKey(char[] buf, int off, int len) {
        if (len < 8 || len > 16 || buf[off] != '+' || buf[off + 1] == '0') {
            return -1;
        }
        long v = 0;
        for (int i = off + 1; i < off + len; i++) {
            char c = buf[i];
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** Sorts {@code keys} in place (no second array), then finds the positions of a duplicate in the list. */
    private static int[] firstDuplicate(long[] keys, MsisdnList list) {
        int n = list.size();
        Arrays.sort(keys, 0, n);
        for (int i = 1; i < n; i++) {
            if (keys[i] == keys[i - 1]) {
                long dup = keys[i];
                int first = -1;
                for (int j = 0; j < n; j++) {
                    String m = list.get(j);
                    if (msisdnKey(m.toCharArray(), 0, m.length()) == dup) {
                        if (first < 0) {
                            first = j;
                        } else {
                            return new int[] { j, first };
                        }
                    }
                }
            }
        }
        return null;
    }

    private List<CuratedTarget> readCurated() throws IOException {
        expectArray();
        List<CuratedTarget> out = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            expectObject();
            String id = null;
            String status = null;
            String msisdn = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                p.nextToken();
                switch (f) {
                case "id" -> id = readUuid();
                case "status" -> status = readOneOf(TARGET_STATUSES);
                case "msisdn" -> msisdn = readMsisdn();
                default -> p.skipChildren();
                }
            }
            String at = here();
            requirePresent(at, "id", id);
            requirePresent(at, "status", status);
            requirePresent(at, "msisdn", msisdn);
            out.add(new CuratedTarget(id, status, msisdn));
        }
        return out;
    }

    private List<FixtureVoucher> readFixtureVouchers() throws IOException {
        expectArray();
        List<FixtureVoucher> out = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            expectObject();
            String voucherId = null;
            String code = null;
            String status = null;
            String stationScope = null;
            String campaignId = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                p.nextToken();
                switch (f) {
                case "voucherId" -> voucherId = readUuid();
                case "code" -> code = readCode();
                case "status" -> status = readOneOf(VOUCHER_STATUSES);
                case "stationScope" -> stationScope = p.currentToken() == JsonToken.VALUE_NULL ? null : readUuid();
                case "campaignId" -> campaignId = p.currentToken() == JsonToken.VALUE_NULL ? null : readUuid();
                default -> p.skipChildren();
                }
            }
            String at = here();
            requirePresent(at, "voucherId", voucherId);
            requirePresent(at, "code", code);
            requirePresent(at, "status", status);
            out.add(new FixtureVoucher(voucherId, code, status, stationScope, campaignId));
        }
        return out;
    }

    /** Rules the old harness did not follow, so only enforced for summaries this tool wrote. */
    private void validateCurrentFormat(List<VoucherPreviewPayload> previews, List<StationRedeemPayload> stations,
            List<FixtureVoucher> fixtureVouchers) {
        for (int i = 0; i < previews.size(); i++) {
            requireCode5("voucherPreviewPayloads[" + i + "].code", previews.get(i).code());
        }
        for (int i = 0; i < stations.size(); i++) {
            StationRedeemPayload s = stations.get(i);
            String at = "stationRedeemPayloads[" + i + "]";
            if (s.token() == null || s.token().isBlank()) {
                throw fail(at + ".token", "missing (every station needs its token)");
            }
            for (int j = 0; j < s.voucherCodes().size(); j++) {
                requireCode5(at + ".voucherCodes[" + j + "]", s.voucherCodes().get(j));
            }
        }
        for (int i = 0; i < fixtureVouchers.size(); i++) {
            requireCode5("fixtureVouchers[" + i + "].code", fixtureVouchers.get(i).code());
        }
    }

    private void requireCode5(String path, String code) {
        if (!isCode5(code)) {
            throw fail(path, "not a voucher code (exactly 5 characters A-Z 0-9)");
        }
    }

    static boolean isCode5(String code) {
        if (code == null || code.length() != 5) {
            return false;
        }
        for (int i = 0; i < 5; i++) {
            char c = code.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
                return false;
            }
        }
        return true;
    }

    /** A voucher in two stations' pools would be redeemed twice: a double spend built into the fixture. */
    private void validateUniquePool(List<StationRedeemPayload> stations) {
        Map<String, String> seen = new HashMap<>();
        for (int i = 0; i < stations.size(); i++) {
            List<String> ids = stations.get(i).voucherIds();
            for (int j = 0; j < ids.size(); j++) {
                String path = "stationRedeemPayloads[" + i + "].voucherIds[" + j + "]";
                String before = seen.putIfAbsent(ids.get(j).toLowerCase(java.util.Locale.ROOT), path);
                if (before != null) {
                    throw fail(path, "duplicates " + before + ": a pool voucher can be redeemed only once");
                }
            }
        }
    }

    // --- scalars -------------------------------------------------------------------------------------------------

    private String readString() throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw fail(here(), "not a string");
        }
        return p.getText();
    }

    private String readNonBlank() throws IOException {
        String s = readString();
        if (s.isBlank()) {
            throw fail(here(), "blank");
        }
        return s;
    }

    private String readScalarText() throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_STRING || t == JsonToken.VALUE_NUMBER_INT) {
            String s = p.getText();
            if (s.isBlank()) {
                throw fail(here(), "blank");
            }
            return s;
        }
        throw fail(here(), "not a string");
    }

    private String readUuid() throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING || !isUuid(p.getText())) {
            throw fail(here(), "not a UUID");
        }
        return p.getText().toLowerCase(java.util.Locale.ROOT);
    }

    static boolean isUuid(String s) {
        if (s.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = s.charAt(i);
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                if (c != '-') {
                    return false;
                }
            } else if (Character.digit(c, 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private String readCode() throws IOException {
        String s = readNonBlank();
        if (s.length() > 64 || !s.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw fail(here(), "not a voucher code");
        }
        return s;
    }

    private String readMsisdn() throws IOException {
        String s = readString();
        if (msisdnKey(s.toCharArray(), 0, s.length()) < 0) {
            throw fail(here(), "not an MSISDN (+ and 7 to 15 digits)");
        }
        return s;
    }

    private String readOneOf(Set<String> allowed) throws IOException {
        String s = readString();
        if (!allowed.contains(s)) {
            throw fail(here(), "'" + s + "' is not one of " + new java.util.TreeSet<>(allowed));
        }
        return s;
    }

    private BigDecimal readAmount() throws IOException {
        BigDecimal v;
        switch (p.currentToken()) {
        case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> v = p.getDecimalValue();
        case VALUE_STRING -> {
            try {
                v = new BigDecimal(p.getText().trim());
            } catch (NumberFormatException e) {
                throw fail(here(), "not a number");
            }
        }
        default -> throw fail(here(), "not a number");
        }
        if (v.signum() < 0) {
            throw fail(here(), "negative");
        }
        return v;
    }

    private Instant readInstant() throws IOException {
        String s = p.currentToken() == JsonToken.VALUE_STRING ? p.getText() : null;
        if (s != null) {
            try {
                return Instant.parse(s);
            } catch (DateTimeParseException e) {
                try {
                    return OffsetDateTime.parse(s).toInstant();
                } catch (DateTimeParseException e2) {
                    // fall through to the error below
                }
            }
        }
        throw fail(here(), "not an ISO-8601 timestamp");
    }

    private List<String> readStringArray(boolean uuids) throws IOException {
        expectArray();
        List<String> out = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            out.add(uuids ? readUuid() : readCode());
        }
        return out;
    }

    // --- structure and paths ---------------------------------------------------------------------------------------

    private void expectObject() {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw fail(here(), "not a JSON object");
        }
    }

    private void expectArray() {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw fail(here(), "not a JSON array");
        }
    }

    private void requirePresent(String at, String field, Object value) {
        if (value == null) {
            throw fail(join(at, field), "missing");
        }
    }

    private static String join(String at, String field) {
        return at.isEmpty() ? field : at + "." + field;
    }

    private SeedSummaryException fail(String path, String problem) {
        return new SeedSummaryException(file, path, problem);
    }

    /**
     * The path of the value under the cursor. On a START token Jackson has already entered the new container; on an END
     * token it has already left it, which makes this the path of the container just closed.
     */
    private String here() {
        JsonStreamContext c = p.getParsingContext();
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
            c = c.getParent();
        }
        return pathOf(c);
    }

    private String pathOrNull() {
        if (p == null) {
            return null;
        }
        String s = pathOf(p.getParsingContext());
        return s.isEmpty() ? null : s;
    }

    private static String pathOf(JsonStreamContext c) {
        List<JsonStreamContext> chain = new ArrayList<>();
        for (JsonStreamContext x = c; x != null && !x.inRoot(); x = x.getParent()) {
            chain.add(x);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = chain.size() - 1; i >= 0; i--) {
            JsonStreamContext x = chain.get(i);
            if (x.inArray()) {
                sb.append('[').append(Math.max(0, x.getCurrentIndex())).append(']');
            } else if (x.getCurrentName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(x.getCurrentName());
            }
        }
        return sb.toString();
    }
}
