import './zodConfig';
import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { followSystemTheme } from './charts/theme';
import { connect } from './connect';
import './styles.css';

followSystemTheme();
const pinia = createPinia();
createApp(App).use(pinia).mount('#app');
void connect(pinia);
