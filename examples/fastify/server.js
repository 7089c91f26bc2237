// Starts the example on http://localhost:3000 (PORT to change it); credkit's passkeys under ./data.
import { buildApp } from './app.js';

const port = Number(process.env.PORT ?? 3000);
const app = await buildApp({ databaseUrl: 'sqlite:./data/passkeys.db', origin: `http://localhost:${port}` });
await app.listen({ port, host: '127.0.0.1' });
console.log(`listening on http://localhost:${port}`);
