package io.backstream.catalog.config;

import io.backstream.schema.catalog.BackupDetail;
import io.backstream.schema.catalog.BackupPage;
import io.backstream.schema.catalog.BackupSummary;
import io.backstream.schema.catalog.Chain;
import io.backstream.schema.catalog.BackupChecksums;
import io.backstream.schema.catalog.DeletionView;
import io.backstream.schema.catalog.BackupDurations;
import io.backstream.schema.catalog.Location;
import io.backstream.schema.catalog.ManifestSummary;
import io.backstream.schema.catalog.RestoreList;
import io.backstream.schema.catalog.RestorePointView;
import io.backstream.schema.catalog.RestoreView;
import io.backstream.schema.catalog.RetentionItem;
import io.backstream.schema.catalog.RetentionPreview;
import io.backstream.schema.catalog.Sizes;
import io.backstream.schema.catalog.StatsView;
import io.backstream.schema.catalog.TargetList;
import io.backstream.schema.catalog.TargetStatsView;
import io.backstream.schema.catalog.TargetView;
import io.backstream.schema.catalog.VerificationView;
import io.backstream.schema.event.DeleteRequested;
import io.micronaut.serde.annotation.SerdeImport;

/**
 * Lets Micronaut Serde write the API records of shared-schema, which carry no Micronaut annotations: each record's
 * components become JSON fields of the same names, absent when null as for every body of this service.
 */
@SerdeImport(BackupPage.class)
@SerdeImport(BackupSummary.class)
@SerdeImport(BackupDetail.class)
@SerdeImport(Sizes.class)
@SerdeImport(BackupDurations.class)
@SerdeImport(BackupChecksums.class)
@SerdeImport(Location.class)
@SerdeImport(ManifestSummary.class)
@SerdeImport(Chain.class)
@SerdeImport(VerificationView.class)
@SerdeImport(DeletionView.class)
@SerdeImport(TargetList.class)
@SerdeImport(TargetView.class)
@SerdeImport(RestorePointView.class)
@SerdeImport(RestoreList.class)
@SerdeImport(RestoreView.class)
@SerdeImport(StatsView.class)
@SerdeImport(TargetStatsView.class)
@SerdeImport(RetentionPreview.class)
@SerdeImport(RetentionItem.class)
@SerdeImport(DeleteRequested.class)
final class CatalogApiSerde {

    private CatalogApiSerde() {
    }
}
