// Kysely types of the places' former slugs (migration 202612011130_expo_former_slugs.sql).
export interface ExpoAreaFormerSlugsTable {
  edition_id: number;
  slug: string;
  area_id: number;
}

export interface ExpoVenueFormerSlugsTable {
  edition_id: number;
  slug: string;
  venue_id: number;
}

declare module '../../db/types.ts' {
  interface Database {
    expo_area_former_slugs: ExpoAreaFormerSlugsTable;
    expo_venue_former_slugs: ExpoVenueFormerSlugsTable;
  }
}
