import { useEffect } from 'react';
import { Wall } from './pages/Wall.js';
import { connectRealtime } from './realtime/socket.js';
import { loadWallData } from './realtime/wall-data.js';
import { wallStore } from './store/index.js';

/** Starts the data (socket and HTTP) for the page's store and shows the wall. */
export function App() {
  useEffect(() => {
    const stopSocket = connectRealtime(wallStore);
    const stopData = loadWallData(wallStore);
    return () => {
      stopSocket();
      stopData();
    };
  }, []);
  return <Wall />;
}
