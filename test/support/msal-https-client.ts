// An MSAL-node application as a user writes it, run as a child process so NODE_EXTRA_CA_CERTS
// (read once when Node starts) trusts cosell's certificate: no custom network client, only the
// authority and knownAuthorities. Prints what it got as one JSON line.
import { ConfidentialClientApplication, PublicClientApplication } from '@azure/msal-node'
import { decodeJwt } from 'jose'

const origin = process.argv[2]! // https://localhost:PORT
const scopes = ['https://api.partner.microsoft.com/.default']
const auth = (tenant: string) => ({
  clientId: 'c0ffee00-0000-4000-8000-000000000002',
  authority: `${origin}/${tenant}`,
  knownAuthorities: [new URL(origin).host],
})

async function callApi(token: string): Promise<number> {
  const res = await fetch(`${origin}/v1.0/engagements/referrals`, {
    headers: { authorization: `Bearer ${token}` },
  })
  await res.body?.cancel()
  return res.status
}

const pca = new PublicClientApplication({ auth: auth('common') })
const signedIn = await pca.acquireTokenByUsernamePassword({
  scopes,
  username: 'kim@contoso.com',
  password: 'x',
})
const account = signedIn!.account!
const cached = await pca.acquireTokenSilent({ account, scopes })
const refreshed = await pca.acquireTokenSilent({ account, scopes, forceRefresh: true })
const cca = new ConfidentialClientApplication({ auth: { ...auth('contoso.com'), clientSecret: 'any' } })
const app = await cca.acquireTokenByClientCredential({ scopes })
const appAgain = await cca.acquireTokenByClientCredential({ scopes })

console.log(
  JSON.stringify({
    publicClient: {
      tenantId: signedIn!.tenantId,
      username: account.username,
      iss: decodeJwt(signedIn!.accessToken).iss,
      api: await callApi(signedIn!.accessToken),
    },
    silent: { fromCache: cached.fromCache, sameToken: cached.accessToken === signedIn!.accessToken },
    refreshed: { fromCache: refreshed.fromCache, api: await callApi(refreshed.accessToken) },
    confidentialClient: {
      idtyp: decodeJwt(app!.accessToken).idtyp,
      api: await callApi(app!.accessToken),
      secondFromCache: appAgain!.fromCache,
    },
  }),
)
