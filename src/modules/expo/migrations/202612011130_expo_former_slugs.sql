-- Former slugs of areas and venues: a renamed address keeps working (301 to the current one).
CREATE TABLE expo_area_former_slugs (
  edition_id bigint NOT NULL REFERENCES expo_editions (id) ON DELETE CASCADE,
  slug text NOT NULL,
  area_id bigint NOT NULL REFERENCES expo_areas (id) ON DELETE CASCADE,
  PRIMARY KEY (edition_id, slug)
);
CREATE INDEX expo_area_former_slugs_area ON expo_area_former_slugs (area_id);

CREATE TABLE expo_venue_former_slugs (
  edition_id bigint NOT NULL REFERENCES expo_editions (id) ON DELETE CASCADE,
  slug text NOT NULL,
  venue_id bigint NOT NULL REFERENCES expo_venues (id) ON DELETE CASCADE,
  PRIMARY KEY (edition_id, slug)
);
CREATE INDEX expo_venue_former_slugs_venue ON expo_venue_former_slugs (venue_id);
