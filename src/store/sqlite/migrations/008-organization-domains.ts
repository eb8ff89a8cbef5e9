// Organisations gain verified domains, a JSON array of lower-case names (a user of one who signs in
// through `common` lands in the organisation), and users become findable by name across
// organisations (such a user lands in the organisation that lists them). NULL means no domains:
// it is what rows restored from a snapshot of version 7 carry.
export const sql = `
ALTER TABLE organizations ADD COLUMN domains TEXT;

CREATE INDEX users_by_email ON users (email);

UPDATE snapshots SET schema_version = 8 WHERE schema_version = 7;
`
