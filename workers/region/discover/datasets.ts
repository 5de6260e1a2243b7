/** Which capability answers which `dataset` of the organization events endpoint. */
import { logsDataset } from "../logs";
import type { DatasetHandler } from "./routes";

export const datasets: Partial<Record<string, DatasetHandler>> = {
	ourlogs: logsDataset,
	logs: logsDataset,
};
