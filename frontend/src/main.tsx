import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { startSignIn } from "./auth/boot";
import { browserStore } from "./lib/storage";
import "./styles.css";

startSignIn(browserStore()); // before the first request: with accounts on, requests carry the ID token

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
