import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, type ThemeConfig } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { RouterProvider } from 'react-router/dom';
import { ApiError } from './api/client';
import { I18nProvider, useI18n } from './i18n';
import { router } from './router';

export const themeColour = '#1a5fb4';

const theme: ThemeConfig = {
  token: {
    colorPrimary: themeColour,
    colorLink: themeColour,
    borderRadius: 6,
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC', 'WenQuanYi Micro Hei', 'Helvetica Neue', Arial, sans-serif",
  },
};

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // 4xx answers are final (bad request, forbidden, not found); retry only network and 5xx failures.
      retry: (failureCount, error) => !(error instanceof ApiError && error.status < 500) && failureCount < 2,
      refetchOnWindowFocus: false,
    },
  },
});

/** Server texts (error messages, region names) follow Accept-Language: fetch them again. */
function refetchLocalisedData(): void {
  void queryClient.invalidateQueries();
}

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <I18nProvider onLocaleChange={refetchLocalisedData}>
        <LocalisedApp />
      </I18nProvider>
    </QueryClientProvider>
  );
}

function LocalisedApp() {
  const { locale } = useI18n();
  return (
    <ConfigProvider locale={locale === 'en' ? enUS : zhCN} theme={theme}>
      <AntApp>
        <RouterProvider router={router} />
      </AntApp>
    </ConfigProvider>
  );
}
