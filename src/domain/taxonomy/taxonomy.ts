// The taxonomies of the documented taxonomies and the ISO code lists, loaded from the JSON data
// files beside this one. They change with Microsoft's fiscal year: edit the data, not the code.
import countries from './countries.json' with { type: 'json' }
import currencies from './currencies.json' with { type: 'json' }
import customerSizes from './customer-sizes.json' with { type: 'json' }
import industries from './industries.json' with { type: 'json' }
import partnerRoles from './partner-roles.json' with { type: 'json' }
import products from './products.json' with { type: 'json' }
import services from './services.json' with { type: 'json' }
import solutionCategories from './solution-categories.json' with { type: 'json' }
import solutionPlays from './solution-plays-fy26.json' with { type: 'json' }

export interface SolutionAreaPlay {
  readonly solutionArea: string
  readonly solutionPlay: string
}

export interface Taxonomy {
  readonly products: readonly string[]
  readonly services: readonly string[]
  readonly industries: readonly string[]
  readonly solutionCategories: readonly string[]
  readonly customerSizes: readonly string[]
  readonly partnerRoles: readonly string[]
  /** FY26 pairs (the FY26 area → play table); the strings are exact, including "…Enhanced Solution" vs "…Solutions". */
  readonly solutionAreaPlays: readonly SolutionAreaPlay[]
  /** ISO 4217 currency codes in use (Node's ICU list). */
  readonly currencies: readonly string[]
  /** ISO 3166-1 alpha-2 country codes, plus XK (Kosovo), which Partner Center uses. */
  readonly countries: readonly string[]
}

export const taxonomy: Taxonomy = {
  products,
  services,
  industries,
  solutionCategories,
  customerSizes,
  partnerRoles,
  solutionAreaPlays: solutionPlays,
  currencies,
  countries,
}
