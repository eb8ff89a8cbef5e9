// Country is the most common filter on a JSON path (the documented list examples); this index holds
// exactly the expression the query compiler writes for `customerProfile/address/country eq '…'`
// (strings compare case-insensitively), so SQLite seeks instead of reading every document.
export const sql = `
CREATE INDEX referrals_by_country ON referrals (
  organization_id,
  lower(json_extract(doc, '$.customerProfile.address.country')),
  created_date_time DESC,
  id
);
`
