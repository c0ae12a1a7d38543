import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/** What `npm publish` PUTs: the packument with the new version and its tarball as an attachment. */
interface PublishBody {
  name: string
  versions: Record<string, { dist: { tarball: string } } & Record<string, unknown>>
  'dist-tags'?: Record<string, string>
  _attachments?: Record<string, { data: string }>
}

interface Packument {
  name: string
  versions: Record<string, { dist: { tarball: string } } & Record<string, unknown>>
  'dist-tags': Record<string, string>
}

export interface LocalRegistry {
  readonly url: string
  /** Names of the packages published so far. */
  readonly packages: () => string[]
  close(): Promise<void>
}

/**
 * A minimal npm registry on loopback for the end-to-end plugin test: `npm publish` to it and
 * `npm install` (through `mig plugins install`) from it, for the scopes pointed at it. Anything
 * else is 404, so other packages come from the machine's ordinary registry.
 */
export async function startLocalRegistry(): Promise<LocalRegistry> {
  const packuments = new Map<string, Packument>()
  const tarballs = new Map<string, Buffer>()
  let base = ''
  const server: Server = createServer((request, response) => {
    void handle(request)
      .then(({ status, body, type }) => {
        response.writeHead(status, { 'content-type': type })
        response.end(body)
      })
      .catch((error: unknown) => {
        response.writeHead(500, { 'content-type': 'application/json' })
        response.end(JSON.stringify({ error: String(error) }))
      })
  })

  async function handle(request: IncomingMessage): Promise<{ status: number; body: string | Buffer; type: string }> {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://registry').pathname).replace(/^\//, '')
    const json = (status: number, value: unknown): { status: number; body: string; type: string } => ({
      status,
      body: JSON.stringify(value),
      type: 'application/json',
    })
    if (request.method === 'PUT') {
      const body = JSON.parse((await readBody(request)).toString('utf8')) as PublishBody
      const current = packuments.get(body.name) ?? { name: body.name, versions: {}, 'dist-tags': {} }
      for (const [file, attachment] of Object.entries(body._attachments ?? {}))
        tarballs.set(`${body.name}/-/${file}`, Buffer.from(attachment.data, 'base64'))
      for (const [version, manifest] of Object.entries(body.versions)) {
        const file = manifest.dist.tarball.split('/').pop() ?? ''
        current.versions[version] = {
          ...manifest,
          dist: { ...manifest.dist, tarball: `${base}/${body.name}/-/${file}` },
        }
      }
      Object.assign(current['dist-tags'], body['dist-tags'] ?? {})
      packuments.set(body.name, current)
      return json(201, { ok: true })
    }
    const tarball = tarballs.get(path)
    if (tarball) return { status: 200, body: tarball, type: 'application/octet-stream' }
    const packument = packuments.get(path)
    if (packument) return json(200, packument)
    return json(404, { error: 'not found' })
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url: base,
    packages: () => [...packuments.keys()],
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => resolve(Buffer.concat(chunks)))
    request.on('error', reject)
  })
}
