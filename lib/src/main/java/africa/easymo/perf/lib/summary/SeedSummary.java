package africa.easymo.perf.lib.summary;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The seed summary: what the seed tool provisioned, so the plans never query the target to discover data at run time.
 * Immutable and safe to share between threads. Reads the old harness's format (schema version 1: the old script's
 * fields only) and the current one ({@value #SCHEMA_VERSION}: plus the redeem pool size, the fixture vouchers with
 * their statuses and the draft campaign).
 */
public final class SeedSummary {
    /** The version this build writes and the highest it reads. */
    public static final int SCHEMA_VERSION = 2;
    /** What a summary without {@code schemaVersion} (the old harness's) is taken to be. */
    public static final int LEGACY_SCHEMA_VERSION = 1;

    private final int schemaVersion;
    private final String seedVersion;
    private final Instant generatedAt;
    private final List<VoucherPreviewPayload> voucherPreviewPayloads;
    private final List<StationRedeemPayload> stationRedeemPayloads;
    private final CampaignDispatch campaignDispatch;
    private final List<CuratedTarget> curatedCampaignTargets;
    private final List<FixtureVoucher> fixtureVouchers;
    private final int redeemPoolPerStation;
    private final String draftCampaignId;

    private SeedSummary(Builder b) {
        schemaVersion = b.schemaVersion;
        seedVersion = Objects.requireNonNull(b.seedVersion, "seedVersion");
        generatedAt = Objects.requireNonNull(b.generatedAt, "generatedAt");
        voucherPreviewPayloads = List.copyOf(b.voucherPreviewPayloads);
        stationRedeemPayloads = List.copyOf(b.stationRedeemPayloads);
        campaignDispatch = Objects.requireNonNull(b.campaignDispatch, "campaignDispatch");
        curatedCampaignTargets = List.copyOf(b.curatedCampaignTargets);
        fixtureVouchers = List.copyOf(b.fixtureVouchers);
        int pool = b.redeemPoolPerStation;
        if (pool <= 0) {
            for (StationRedeemPayload p : stationRedeemPayloads) {
                pool = Math.max(pool, p.voucherIds().size());
            }
        }
        redeemPoolPerStation = pool;
        draftCampaignId = b.draftCampaignId;
    }

    /**
     * Reads and validates a summary, streaming (a million bulk targets load without a tree). Errors are
     * {@link SeedSummaryException}s naming the file and the field path.
     */
    public static SeedSummary read(Path file) {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, name);
        } catch (NoSuchFileException e) {
            throw new SeedSummaryException(file.toString(), null, "no such file");
        } catch (IOException e) {
            throw new SeedSummaryException(file.toString(), null, "cannot be read: " + e.getMessage(), e);
        }
    }

    /** Reads from a stream; {@code name} is used in error messages. */
    public static SeedSummary read(InputStream in, String name) {
        return new SeedSummaryReader(name).read(in);
    }

    /** Writes the summary atomically (a temporary file in the same folder, then a rename). */
    public void write(Path file) {
        SeedSummaryWriter.writeAtomically(this, file);
    }

    /** Writes the JSON to a stream (not closed). */
    public void write(OutputStream out) throws IOException {
        SeedSummaryWriter.write(this, out);
    }

    public static Builder builder() {
        return new Builder();
    }

    public int schemaVersion() {
        return schemaVersion;
    }

    public String seedVersion() {
        return seedVersion;
    }

    public Instant generatedAt() {
        return generatedAt;
    }

    public List<VoucherPreviewPayload> voucherPreviewPayloads() {
        return voucherPreviewPayloads;
    }

    /** One entry per station; its {@code voucherIds} are that station's redeem pool. */
    public List<StationRedeemPayload> stationRedeemPayloads() {
        return stationRedeemPayloads;
    }

    public CampaignDispatch campaignDispatch() {
        return campaignDispatch;
    }

    public List<CuratedTarget> curatedCampaignTargets() {
        return curatedCampaignTargets;
    }

    /** The fixture vouchers with their seeded statuses (empty for an old-format summary). */
    public List<FixtureVoucher> fixtureVouchers() {
        return fixtureVouchers;
    }

    /**
     * The redeem pool size per station as seeded (for an old-format summary: the largest station's voucher count).
     */
    public int redeemPoolPerStation() {
        return redeemPoolPerStation;
    }

    /** Total vouchers in all stations' redeem pools. */
    public int redeemPoolSize() {
        int n = 0;
        for (StationRedeemPayload p : stationRedeemPayloads) {
            n += p.voucherIds().size();
        }
        return n;
    }

    /** The draft campaign's id, or null (old-format summary). */
    public String draftCampaignId() {
        return draftCampaignId;
    }

    public boolean isLegacyFormat() {
        return schemaVersion < SCHEMA_VERSION;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SeedSummary s && schemaVersion == s.schemaVersion && seedVersion.equals(s.seedVersion)
                && generatedAt.equals(s.generatedAt) && voucherPreviewPayloads.equals(s.voucherPreviewPayloads)
                && stationRedeemPayloads.equals(s.stationRedeemPayloads) && campaignDispatch.equals(s.campaignDispatch)
                && curatedCampaignTargets.equals(s.curatedCampaignTargets) && fixtureVouchers.equals(s.fixtureVouchers)
                && redeemPoolPerStation == s.redeemPoolPerStation && Objects.equals(draftCampaignId, s.draftCampaignId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(schemaVersion, seedVersion, generatedAt, stationRedeemPayloads.size(),
                campaignDispatch.bulkTargetMsisdns().size());
    }

    @Override
    public String toString() {
        return "SeedSummary[schemaVersion=" + schemaVersion + ", seedVersion=" + seedVersion + ", generatedAt="
                + generatedAt + ", previewPayloads=" + voucherPreviewPayloads.size() + ", stations="
                + stationRedeemPayloads.size() + ", redeemPool=" + redeemPoolSize() + ", bulkTargets="
                + campaignDispatch.bulkTargetMsisdns().size() + ", curatedTargets=" + curatedCampaignTargets.size()
                + "]";
    }

    /** Builds a summary; validation of content happens in the reader, the builder only requires the essentials. */
    public static final class Builder {
        private int schemaVersion = SCHEMA_VERSION;
        private String seedVersion;
        private Instant generatedAt;
        private List<VoucherPreviewPayload> voucherPreviewPayloads = new ArrayList<>();
        private List<StationRedeemPayload> stationRedeemPayloads = new ArrayList<>();
        private CampaignDispatch campaignDispatch;
        private List<CuratedTarget> curatedCampaignTargets = new ArrayList<>();
        private List<FixtureVoucher> fixtureVouchers = new ArrayList<>();
        private int redeemPoolPerStation;
        private String draftCampaignId;

        private Builder() {
        }

        public Builder schemaVersion(int v) {
            schemaVersion = v;
            return this;
        }

        public Builder seedVersion(String v) {
            seedVersion = v;
            return this;
        }

        public Builder generatedAt(Instant v) {
            generatedAt = v;
            return this;
        }

        public Builder voucherPreviewPayloads(List<VoucherPreviewPayload> v) {
            voucherPreviewPayloads = new ArrayList<>(v);
            return this;
        }

        public Builder stationRedeemPayloads(List<StationRedeemPayload> v) {
            stationRedeemPayloads = new ArrayList<>(v);
            return this;
        }

        public Builder campaignDispatch(CampaignDispatch v) {
            campaignDispatch = v;
            return this;
        }

        public Builder curatedCampaignTargets(List<CuratedTarget> v) {
            curatedCampaignTargets = new ArrayList<>(v);
            return this;
        }

        public Builder fixtureVouchers(List<FixtureVoucher> v) {
            fixtureVouchers = new ArrayList<>(v);
            return this;
        }

        public Builder redeemPoolPerStation(int v) {
            redeemPoolPerStation = v;
            return this;
        }

        public Builder draftCampaignId(String v) {
            draftCampaignId = v;
            return this;
        }

        public SeedSummary build() {
            return new SeedSummary(this);
        }
    }
}
