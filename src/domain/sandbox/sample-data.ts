// The word lists sample referrals are drawn from: Microsoft's own fictional companies, real cities
// with their postal codes and currencies, and the projects partners co-sell.

export interface Place {
  readonly country: string
  readonly currency: string
  readonly city: string
  readonly state: string | null
  readonly postalCode: string
  readonly street: string
  readonly legalSuffix: string
  readonly phonePrefix: string
}

// country, currency, city, state, postal code, street, legal suffix, phone prefix
type PlaceRow = readonly [string, string, string, string | null, string, string, string, string]

const placeRows: readonly PlaceRow[] = [
  ['US', 'USD', 'Seattle', 'WA', '98101', 'Pine Street', 'Inc.', '+1 206'],
  ['US', 'USD', 'Austin', 'TX', '78701', 'Congress Avenue', 'LLC', '+1 512'],
  ['US', 'USD', 'Chicago', 'IL', '60601', 'Wacker Drive', 'Inc.', '+1 312'],
  ['US', 'USD', 'New York', 'NY', '10001', 'Broadway', 'Corp.', '+1 212'],
  ['CA', 'CAD', 'Toronto', 'ON', 'M5H 2N2', 'King Street West', 'Ltd.', '+1 416'],
  ['GB', 'GBP', 'London', null, 'EC2V 7HH', 'Gresham Street', 'plc', '+44 20'],
  ['GB', 'GBP', 'Manchester', null, 'M1 4BT', 'Portland Street', 'Ltd', '+44 161'],
  ['DE', 'EUR', 'München', 'BY', '80331', 'Marienplatz', 'GmbH', '+49 89'],
  ['DE', 'EUR', 'Berlin', 'BE', '10117', 'Friedrichstraße', 'AG', '+49 30'],
  ['FR', 'EUR', 'Paris', null, '75008', 'Rue de Rivoli', 'SAS', '+33 1'],
  ['NL', 'EUR', 'Amsterdam', 'NH', '1012 JS', 'Damrak', 'B.V.', '+31 20'],
  ['ES', 'EUR', 'Madrid', 'MD', '28013', 'Gran Vía', 'S.L.', '+34 91'],
  ['SE', 'SEK', 'Stockholm', null, '111 57', 'Drottninggatan', 'AB', '+46 8'],
  ['JP', 'JPY', 'Tokyo', '13', '100-0005', 'Marunouchi', 'K.K.', '+81 3'],
  ['AU', 'AUD', 'Sydney', 'NSW', '2000', 'George Street', 'Pty Ltd', '+61 2'],
  ['IN', 'INR', 'Bengaluru', 'KA', '560001', 'MG Road', 'Pvt. Ltd.', '+91 80'],
  ['BR', 'BRL', 'São Paulo', 'SP', '01310-100', 'Avenida Paulista', 'Ltda.', '+55 11'],
  ['SG', 'SGD', 'Singapore', null, '048583', 'Raffles Place', 'Pte. Ltd.', '+65'],
]

export const places: readonly Place[] = placeRows.map(
  ([country, currency, city, state, postalCode, street, legalSuffix, phonePrefix]) => ({
    country,
    currency,
    city,
    state,
    postalCode,
    street,
    legalSuffix,
    phonePrefix,
  }),
)

/** Microsoft's fictional company names, combined with a line of business. */
export const companyNames = [
  'Contoso',
  'Fabrikam',
  'Northwind',
  'Tailspin',
  'Adventure Works',
  'Wide World',
  'Woodgrove',
  'Alpine Ski House',
  'Litware',
  'Proseware',
  'Lucerne',
  'Trey Research',
  'Wingtip',
  'Coho',
  'Fourth Coffee',
  'Humongous',
  'Blue Yonder',
  'Relecloud',
  'Lamna',
  'Munson',
  'Bellows',
  'Consolidated Messenger',
  'Graphic Design Institute',
  'School of Fine Art',
  'Southridge',
  'VanArsdel',
  'Wingtip Toys',
  'A. Datum',
  'First Up',
  'Nod Publishers',
] as const

export const linesOfBusiness = [
  'Traders',
  'Logistics',
  'Health',
  'Bank',
  'Insurance',
  'Airlines',
  'Foods',
  'Energy',
  'Pharmaceuticals',
  'Retail',
  'Manufacturing',
  'Learning',
  'Motors',
  'Media',
  'Hotels',
  'Telecom',
] as const

export const projects = [
  'Azure migration',
  'Copilot rollout',
  'Data platform modernisation',
  'Security assessment',
  'Dynamics 365 Sales',
  'SAP on Azure',
  'Azure Virtual Desktop',
  'Fabric analytics',
  'Teams Phone',
  'Contact centre AI',
  'Power Platform CoE',
  'Zero Trust programme',
  'Landing zone',
  'AKS platform',
] as const

export const firstNames = [
  'Avery',
  'Bianca',
  'Chen',
  'Dario',
  'Elif',
  'Farah',
  'Gustav',
  'Hana',
  'Ines',
  'Jonas',
  'Kemal',
  'Lucia',
  'Mateo',
  'Nadia',
  'Oskar',
  'Priya',
  'Quinn',
  'Rosa',
  'Sanjay',
  'Tove',
  'Uma',
  'Viktor',
] as const

export const lastNames = [
  'Andersen',
  'Bauer',
  'Costa',
  'Dubois',
  'Eriksson',
  'Fischer',
  'García',
  'Hansen',
  'Ito',
  'Jensen',
  'Kowalski',
  'Lopez',
  'Müller',
  'Nakamura',
  'Okafor',
  'Patel',
  'Rossi',
  'Schmidt',
  'Tanaka',
  'Weber',
] as const

export const titles = [
  'CIO',
  'CTO',
  'IT Director',
  'Head of Data',
  'Procurement Lead',
  'CISO',
  'VP Operations',
] as const

export const workloads = [
  'Migration Factory',
  'Copilot Accelerator',
  'Data Estate',
  'Secure Cloud',
  'Customer Insights',
  'Modern Workplace',
  'Industrial IoT',
] as const

export const salesStages = ['Qualify', 'Develop', 'Propose', 'Close'] as const

/** Lost reasons as the portal numbers them (the documented enums). */
export const lostReasons = [
  "Project budget isn't adequate",
  "Customer didn't respond",
  'Customer chose another vendor',
  'Customer requirement not met',
  'Proposed time line was too short',
] as const

export const notes = [
  'Customer wants to consolidate three data centres before the lease ends.',
  'Board approved the budget; the CIO asked for a proof of concept first.',
  'Existing licences renew next quarter; the customer is comparing offers.',
  'Security incident last year; the CISO is sponsoring the programme.',
  'Pilot with one business unit, then a roll-out to the rest of the group.',
  'Customer asked for a fixed-price proposal and a reference in their industry.',
] as const
