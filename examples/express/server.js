// Starts the example on http://localhost:3000 (PORT to change it); data under ./data.
import { createApp } from './app.js';

const port = Number(process.env.PORT ?? 3000);
const { app } = createApp({ dataDir: './data', origin: `http://localhost:${port}` });
app.listen(port, () => console.log(`listening on http://localhost:${port}`));
