// Snapshots saved at versions 3 to 6 hold the sandbox tables' columns as they still are (version 4
// added an index, 5 rebuilt the referral table with the same columns, 6 added a table its triggers
// fill on restore), so they restore as they are. Migrations 5 and 6 each marked only the snapshots
// of the version before them as their own; migration 4 marked none, so a snapshot saved at version
// 3 was refused after every upgrade since. This one marks those, and, as 5 and 6 did, the
// snapshots of the version before it (none can be left at 4 or 5).
export const sql = `
UPDATE snapshots SET schema_version = 7 WHERE schema_version IN (3, 6);
`
